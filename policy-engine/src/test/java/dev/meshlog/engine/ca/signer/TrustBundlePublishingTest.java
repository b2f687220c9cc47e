package dev.meshlog.engine.ca.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.CaOutcome;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.RootRotation;
import dev.meshlog.engine.ca.SigningCa;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust bundle on its topic follows the CA directory: at start, when a rotation starts, when its overlap ends. */
class TrustBundlePublishingTest {

  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String REVIEWS = "spiffe://cluster.local/ns/bookinfo/sa/reviews";
  private static final Duration OVERLAP = Duration.ofHours(25);

  @TempDir
  Path stateDir;
  @TempDir
  Path caDir;

  @Test
  void shouldPublishTheRootOnceAtStart() {
    MutableClock clock = new MutableClock(START);
    CaConfig config = CaConfig.ownCa(CaSettings.defaults(caDir, "cluster.local"), "pw".toCharArray()).withClock(clock);
    try (SignerHarness signer = new SignerHarness(stateDir, DirectoryCaAuthority.open(config), clock)) {
      signer.driver.advanceWallClockTime(BundleProcessor.FIRST_CHECK);
      signer.driver.advanceWallClockTime(Duration.ofSeconds(30));

      List<TestRecord<String, MeshTrustBundle>> bundles = signer.bundle.readRecordsToList();
      assertEquals(1, bundles.size(), "published once, not again while unchanged");
      assertEquals("cluster.local", bundles.get(0).key());
      assertEquals(List.of(pem(signer.setup.authority().signingCa().root())), bundles.get(0).value().getRootsPem());
    }
  }

  @Test
  void shouldTrustBothRootsDuringTheOverlapThenShrinkToTheNewRoot() throws Exception {
    MutableClock clock = new MutableClock(START);
    CaSettings settings = CaSettings.defaults(caDir, "cluster.local");
    CaConfig config = CaConfig.ownCa(settings, "pw".toCharArray()).withClock(clock);
    try (SignerHarness signer = new SignerHarness(stateDir, DirectoryCaAuthority.open(config), clock)) {
      SigningCa old = signer.setup.authority().signingCa();
      signer.driver.advanceWallClockTime(BundleProcessor.FIRST_CHECK);
      Workload workload = new Workload("reviews-v1");
      signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN,
          signer.token(REVIEWS, Duration.ofHours(1))));
      List<String> oldChain = signer.certificates.readValuesToList().get(0).getChainPem();

      clock.advance(Duration.ofMinutes(5));
      RootRotation rotation = MeshCa.rotateRoot(settings, "pw".toCharArray(), OVERLAP, clock);
      signer.driver.advanceWallClockTime(Duration.ofSeconds(30));

      assertEquals(List.of(List.of(pem(old.root())), List.of(pem(old.root()), pem(rotation.ca().root()))),
          signer.bundle.readValuesToList().stream().map(MeshTrustBundle::getRootsPem).toList(), "both roots during the overlap");
      assertEquals(rotation.ca().root(), signer.setup.authority().signingCa().root(), "the running signer picked up the new CA");

      clock.advance(Duration.ofHours(12));
      PKCS10CertificationRequest csr = workload.csr(REVIEWS);
      signer.send(workload.request(REVIEWS, csr, CredentialKind.CERTIFICATE, Workload.renewal(oldChain, csr, workload.keys())));
      WorkloadCertificate renewed = signer.certificates.readValuesToList().get(0);
      SignerHarness.validate(renewed.getChainPem(), List.of(rotation.ca().root()), clock.instant());
      assertEquals(CaOutcome.ISSUED, signer.audit.readValuesToList().get(1).getOutcome(),
          "a certificate of the old root renews during the overlap, under the new root");

      clock.advance(OVERLAP);
      signer.driver.advanceWallClockTime(Duration.ofSeconds(30));
      assertEquals(List.of(List.of(pem(rotation.ca().root()))),
          signer.bundle.readValuesToList().stream().map(MeshTrustBundle::getRootsPem).toList(), "the new root alone after it");
    }
  }

  private static String pem(X509Certificate certificate) throws RuntimeException {
    try {
      return Workload.pem(certificate);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
