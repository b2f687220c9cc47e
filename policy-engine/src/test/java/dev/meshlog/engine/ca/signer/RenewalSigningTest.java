package dev.meshlog.engine.ca.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.CaOutcome;
import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.IssuedChain;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.WorkloadSigner;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renewals: the workload proves its identity with the certificate it holds and a signature over the new CSR. */
class RenewalSigningTest {

  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String REVIEWS = "spiffe://cluster.local/ns/bookinfo/sa/reviews";
  private static final String RATINGS = "spiffe://cluster.local/ns/bookinfo/sa/ratings";
  private static SigningCa ca;
  private static SigningCa otherCa;

  @TempDir
  Path stateDir;
  private SignerHarness signer;
  private Workload workload;

  @BeforeAll
  static void mintCas(@TempDir Path dir) {
    Clock at = Clock.fixed(START, ZoneOffset.UTC);
    ca = MeshCa.loadOrCreate(CaSettings.defaults(dir.resolve("mesh"), "cluster.local"), "pw".toCharArray(), at);
    otherCa = MeshCa.loadOrCreate(CaSettings.defaults(dir.resolve("other"), "cluster.local"), "pw".toCharArray(), at);
  }

  @BeforeEach
  void start() throws Exception {
    signer = new SignerHarness(stateDir, CaAuthority.fixed(ca), new MutableClock(START));
    workload = new Workload("reviews-v1-abc");
  }

  @AfterEach
  void stop() {
    signer.close();
  }

  @Test
  void shouldRenewWithTheCurrentCertificateAndAProofOverTheNewCsr() throws Exception {
    List<String> current = firstCertificate();
    signer.clock.advance(Duration.ofHours(12)); // half-life, when the proxy rotates
    Workload renewed = new Workload("reviews-v1-abc");
    PKCS10CertificationRequest csr = renewed.csr(REVIEWS);

    signer.send(renewed.request(REVIEWS, csr, CredentialKind.CERTIFICATE, Workload.renewal(current, csr, workload.keys())));

    WorkloadCertificate certificate = signer.certificates.readValuesToList().get(0);
    SignerHarness.validate(certificate.getChainPem(), List.of(ca.root()), signer.clock.instant());
    X509Certificate leaf = SignerHarness.certificates(certificate.getChainPem()).get(0);
    assertEquals(renewed.keys().getPublic(), leaf.getPublicKey(), "the new key");
    assertEquals(signer.clock.instant().plus(SignerHarness.TTL), leaf.getNotAfter().toInstant());
    CertificateAudit audit = signer.audit.readValuesToList().get(0);
    assertEquals(CaOutcome.ISSUED, audit.getOutcome());
    assertEquals(CredentialKind.CERTIFICATE, audit.getCredentialKind());
    assertEquals(1L, audit.getRequestOffset());
    assertEquals(2, signer.metrics.issued());
  }

  @Test
  void shouldRefuseRenewalWithAnExpiredCertificate() throws Exception {
    List<String> current = firstCertificate();
    signer.clock.advance(Duration.ofHours(25));
    PKCS10CertificationRequest csr = workload.csr(REVIEWS);

    signer.send(workload.request(REVIEWS, csr, CredentialKind.CERTIFICATE, Workload.renewal(current, csr, workload.keys())));

    signer.assertRefused(RefusalReason.CERT_EXPIRED, 1);
  }

  @Test
  void shouldRefuseRenewalWithACertificateFromAnUntrustedCa() throws Exception {
    PKCS10CertificationRequest csr = workload.csr(REVIEWS);
    IssuedChain foreign = new WorkloadSigner(otherCa).sign(csr, SpiffeId.parse(REVIEWS), START);
    List<String> chain = new ArrayList<>();
    for (X509Certificate certificate : foreign.certificates()) {
      chain.add(Workload.pem(certificate)); // the root too: trust must come from the bundle, not the request
    }

    signer.send(workload.request(REVIEWS, csr, CredentialKind.CERTIFICATE, Workload.renewal(chain, csr, workload.keys())));

    signer.assertRefused(RefusalReason.CERT_UNTRUSTED, 0);
  }

  @Test
  void shouldRefuseRenewalWhoseSignatureIsNotMadeWithTheCertificatesKey() throws Exception {
    List<String> current = firstCertificate();
    Workload thief = new Workload("thief");
    PKCS10CertificationRequest csr = thief.csr(REVIEWS);

    // The chain is public (it is on the certificates topic); without the key the proof fails.
    signer.send(thief.request(REVIEWS, csr, CredentialKind.CERTIFICATE, Workload.renewal(current, csr, thief.keys())));

    signer.assertRefused(RefusalReason.BAD_PROOF, 1);
  }

  @Test
  void shouldRefuseRenewalWithACertificateForAnotherIdentity() throws Exception {
    List<String> current = firstCertificate();
    PKCS10CertificationRequest csr = workload.csr(RATINGS);

    signer.send(workload.request(RATINGS, csr, CredentialKind.CERTIFICATE, Workload.renewal(current, csr, workload.keys())));

    signer.assertRefused(RefusalReason.CERT_IDENTITY_MISMATCH, 1);
  }

  @Test
  void shouldRefuseARenewalCredentialThatIsNotAChainAndASignature() throws Exception {
    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.CERTIFICATE, "not a chain"));

    signer.assertRefused(RefusalReason.CERT_MALFORMED, 0);
  }

  /** Issues the workload's first certificate with a token and returns its published chain. */
  private List<String> firstCertificate() throws Exception {
    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN,
        signer.token(REVIEWS, Duration.ofHours(1))));
    signer.audit.readValuesToList();
    return signer.certificates.readValuesToList().get(0).getChainPem();
  }
}
