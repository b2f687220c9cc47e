package dev.meshlog.cli.audit;

import static dev.meshlog.cli.audit.TestCheckpoints.bundle;
import static dev.meshlog.cli.audit.TestCheckpoints.newCa;
import static dev.meshlog.cli.audit.TestCheckpoints.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.ca.IssuedChain;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.WorkloadSigner;
import dev.meshlog.engine.ca.checkpoint.CheckpointSignature;
import dev.meshlog.proxy.identity.WorkloadKey;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Signature;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint counts only when signed by a CA whose chain leads to a root some bundle version trusted. */
class SignerTrustTest {

  private static final String TOPIC = "mesh.policy.events";

  @TempDir
  Path caDir;
  @TempDir
  Path otherDir;

  private SigningCa ca;
  private PolicyEvent head;

  @BeforeEach
  void mint() {
    ca = newCa(caDir);
    head = ChainAuditTest.chain(3).get(2);
  }

  @Test
  void shouldTrustACheckpointOfTheMeshCa() {
    assertEquals(Optional.empty(), SignerTrust.fromBundles(List.of(bundle(ca.root()))).problem(signed(ca, TOPIC, 2, head)));
  }

  @Test
  void shouldTrustARootFromAnOlderBundleVersionAfterARotation() {
    SigningCa next = newCa(otherDir);
    SignerTrust trust = SignerTrust.fromBundles(List.of(bundle(ca.root()), bundle(ca.root(), next.root()), bundle(next.root())));
    assertEquals(Optional.empty(), trust.problem(signed(ca, TOPIC, 2, head)), "signed before the rotation");
  }

  @Test
  void shouldTrustARootTheOperatorKeptAfterTheBundleTopicForgotIt() {
    SigningCa next = newCa(otherDir);
    SignerTrust compacted = SignerTrust.fromBundles(List.of(bundle(next.root())));
    assertTrue(compacted.problem(signed(ca, TOPIC, 2, head)).isPresent(), "the retired root is no longer on the topic");
    assertEquals(Optional.empty(), compacted.withRoots(TestCheckpoints.pem(ca.root())).problem(signed(ca, TOPIC, 2, head)));
  }

  @Test
  void shouldRefuseKeptRootsThatAreNotCaCertificates() {
    SignerTrust trust = SignerTrust.fromBundles(List.of());
    assertEquals("no certificate in it",
        assertThrows(IllegalArgumentException.class, () -> trust.withRoots("just text\n")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> trust.withRoots("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
  }

  @Test
  void shouldNotTrustACheckpointDatedBeforeItsSignerWasValid() {
    PolicyCheckpoint backdated = signed(ca, TOPIC, 2, head, ca.certificate().getNotBefore().toInstant().minusSeconds(3600));
    Optional<String> problem = SignerTrust.fromBundles(List.of(bundle(ca.root()))).problem(backdated);
    assertTrue(problem.orElseThrow().contains("does not lead to a root of the trust bundle"), problem.toString());
  }

  @Test
  void shouldCallATamperedFieldABadSignature() {
    PolicyCheckpoint checkpoint = signed(ca, TOPIC, 2, head);
    checkpoint.setOffset(1);
    assertEquals(Optional.of("bad signature"), SignerTrust.fromBundles(List.of(bundle(ca.root()))).problem(checkpoint));
  }

  @Test
  void shouldCallAnotherKeyUnderTheMeshCasChainABadSignature() {
    SigningCa other = newCa(otherDir);
    PolicyCheckpoint checkpoint = signed(other, TOPIC, 2, head);
    checkpoint.setSignerChainPem(ca.chain().stream().map(TestCheckpoints::pem).toList()); // claims the mesh CA's chain
    assertEquals(Optional.of("bad signature"), SignerTrust.fromBundles(List.of(bundle(ca.root()))).problem(checkpoint));
  }

  @Test
  void shouldCallASelfMadeCaAnUntrustedSigner() {
    SigningCa other = newCa(otherDir);
    Optional<String> problem = SignerTrust.fromBundles(List.of(bundle(ca.root()))).problem(signed(other, TOPIC, 2, head));
    assertTrue(problem.orElseThrow().startsWith("untrusted signer "), problem.toString());
  }

  @Test
  void shouldNotLetAWorkloadCertificateOfTheMeshSignCheckpoints() throws Exception {
    // a sidecar's key: its chain (leaf, intermediate, root) is PKIX-valid under the mesh root
    WorkloadKey key = WorkloadKey.generate();
    SpiffeId identity = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/reviews");
    IssuedChain issued = new WorkloadSigner(ca).sign(key.certificateRequest(URI.create(identity.toUri())), identity, Instant.now());
    PolicyCheckpoint checkpoint = signed(ca, TOPIC, 2, head);
    checkpoint.setSignerChainPem(issued.certificates().stream().map(TestCheckpoints::pem).toList());
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(key.privateKey());
    signature.update(CheckpointSignature.payload(checkpoint));
    checkpoint.setSignature(ByteBuffer.wrap(signature.sign()));

    Optional<String> problem = SignerTrust.fromBundles(List.of(bundle(ca.root()))).problem(checkpoint);
    assertTrue(problem.orElseThrow().startsWith("untrusted signer ") && problem.get().contains("not a CA certificate"),
        problem.toString());
  }

  @Test
  void shouldCallACheckpointOfAnotherTrustDomainUntrusted() {
    PolicyCheckpoint checkpoint = signed(ca, TOPIC, 2, head);
    Optional<String> problem = SignerTrust.fromBundles(List.of()).problem(checkpoint);
    assertEquals(Optional.of("untrusted signer: no trust bundle of trust domain cluster.local"), problem);
  }
}
