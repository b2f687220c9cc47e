package dev.meshlog.engine.ca.checkpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signature covers every field the schema doc names: changing any one of them breaks it. */
class CheckpointSignatureTest {

  private static final Instant NOW = Instant.parse("2026-11-26T08:00:00.123Z");

  @TempDir
  Path caDir;
  @TempDir
  Path otherCaDir;

  private SigningCa ca;
  private PolicyCheckpoint signed;

  @BeforeEach
  void sign() {
    ca = MeshCa.loadOrCreate(CaSettings.defaults(caDir, "cluster.local"), "pw".toCharArray(), Clock.systemUTC());
    signed = CheckpointWire.signed("cluster.local", "mesh.policy.events", 0, new PartitionHead(41, 42, "ab12", -1), NOW, ca);
  }

  @Test
  void shouldVerifyWithTheSigningCertificatesKey() {
    assertTrue(CheckpointSignature.verify(signed, ca.certificate().getPublicKey()));
  }

  @Test
  void shouldSignWithTheKeyAsLoadedFromTheCaDirectory() {
    // a restarted engine reads the key from PEM: a BouncyCastle "ECDSA" key the JDK's SunEC refuses
    SigningCa loaded = MeshCa.load(CaSettings.defaults(caDir, "cluster.local").files(), "pw".toCharArray(), Instant.now());
    PolicyCheckpoint checkpoint = CheckpointWire.signed("cluster.local", "mesh.policy.events", 0, new PartitionHead(1, 2, "cd", -1),
        NOW, loaded);
    assertTrue(CheckpointSignature.verify(checkpoint, ca.certificate().getPublicKey()));
  }

  @Test
  void shouldFailWhenAnySignedFieldIsTampered() {
    assertTampered(c -> c.setTrustDomain("evil.local"));
    assertTampered(c -> c.setTopic("mesh.policy.events2"));
    assertTampered(c -> c.setPartition(1));
    assertTampered(c -> c.setOffset(40));
    assertTampered(c -> c.setSequence(41));
    assertTampered(c -> c.setHash("ab13"));
    assertTampered(c -> c.getEnvelope().setTime(NOW.plusMillis(1)));
  }

  @Test
  void shouldFailWithAnotherKeyOrAnotherAlgorithm() {
    SigningCa other = MeshCa.loadOrCreate(CaSettings.defaults(otherCaDir, "cluster.local"), "pw".toCharArray(), Clock.systemUTC());
    assertFalse(CheckpointSignature.verify(signed, other.certificate().getPublicKey()), "another CA's key");
    assertFalse(CheckpointSignature.verify(signed, ca.root().getPublicKey()), "the root's key, not the signer's");
    PolicyCheckpoint weak = PolicyCheckpoint.newBuilder(signed).setSignatureAlgorithm("SHA1withECDSA").build();
    assertFalse(CheckpointSignature.verify(weak, ca.certificate().getPublicKey()), "only SHA-256 algorithms are accepted");
  }

  private void assertTampered(Consumer<PolicyCheckpoint> tamper) {
    PolicyCheckpoint copy = PolicyCheckpoint.newBuilder(signed).build();
    copy.setEnvelope(dev.meshlog.avro.Envelope.newBuilder(signed.getEnvelope()).build());
    tamper.accept(copy);
    assertFalse(CheckpointSignature.verify(copy, ca.certificate().getPublicKey()), "tampered: " + copy);
    assertTrue(CheckpointSignature.verify(signed, ca.certificate().getPublicKey()), "the original still verifies");
  }
}
