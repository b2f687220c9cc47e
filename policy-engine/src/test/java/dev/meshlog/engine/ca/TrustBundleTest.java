package dev.meshlog.engine.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustBundleTest {

  private static final Instant NOW = Instant.now();

  private static X509Certificate newRoot() {
    return CaCertificates.root(CaCrypto.newCaKeyPair(), "cluster.local", NOW, Duration.ofDays(10));
  }

  @Test
  void shouldHoldOldAndNewRootDuringRotationAndDropTheOldOneAfter() throws Exception {
    X509Certificate oldRoot = newRoot();
    X509Certificate newRoot = newRoot();

    TrustBundle overlap = TrustBundle.of(oldRoot).with(newRoot);

    var parsed = CertificateFactory.getInstance("X.509").generateCertificates(
        new ByteArrayInputStream(overlap.pem().getBytes(StandardCharsets.US_ASCII)));
    assertEquals(List.of(oldRoot, newRoot), List.copyOf(parsed));
    assertEquals(2, overlap.trustAnchors().size());
    assertEquals(TrustBundle.of(newRoot), overlap.without(oldRoot));
  }

  @Test
  void shouldRefuseAnEmptyBundleADuplicateRootOrRemovingTheLastRoot() {
    X509Certificate root = newRoot();

    assertThrows(IllegalArgumentException.class, () -> new TrustBundle(List.of()));
    assertThrows(IllegalArgumentException.class, () -> TrustBundle.of(root).with(root));
    assertThrows(IllegalArgumentException.class, () -> TrustBundle.of(root).without(root));
  }
}
