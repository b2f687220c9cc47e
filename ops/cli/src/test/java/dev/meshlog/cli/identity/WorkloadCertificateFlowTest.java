package dev.meshlog.cli.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.IssuedChain;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.WorkloadSigner;
import dev.meshlog.proxy.identity.WorkloadKey;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two halves of workload identity meet: the sidecar's request (proxy module) is what the mesh
 * CA (policy-engine) signs, and the certificate it returns carries the sidecar's own public key and
 * nothing but its SPIFFE identity. They never import each other; this module has both.
 */
class WorkloadCertificateFlowTest {

  @TempDir
  Path dir;

  @Test
  void shouldIssueTheSidecarsRequestWithItsOwnKeyAndIdentity() throws Exception {
    SigningCa ca = MeshCa.loadOrCreate(CaSettings.defaults(dir.resolve("ca"), "meshlog-test"), "s3cret".toCharArray(),
        Clock.systemUTC());
    SpiffeId identity = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/reviews");
    WorkloadKey key = WorkloadKey.generate();

    IssuedChain chain = new WorkloadSigner(ca).sign(key.certificateRequest(URI.create(identity.toUri())), identity,
        Instant.now());

    X509Certificate leaf = chain.leaf();
    assertArrayEquals(key.publicKey().getEncoded(), leaf.getPublicKey().getEncoded(), "the sidecar's key, not another");
    Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
    assertEquals(List.of(List.of(6, identity.toUri())), List.copyOf(sans), "the URI SAN alone");
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(chain.root(), null)));
    pkix.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(chain.certificates().subList(0, 2)), pkix);
  }
}
