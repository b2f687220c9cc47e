package dev.meshlog.engine.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.engine.ca.CsrRejectedException.Reason;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadSignerTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final SpiffeId REVIEWS = new SpiffeId("cluster.local", "bookinfo", "bookinfo-reviews");

  private static SigningCa ca;
  private static KeyPair workloadKeys;

  @BeforeAll
  static void createCa(@TempDir Path dir) throws Exception {
    ca = MeshCa.loadOrCreate(CaSettings.defaults(dir, "cluster.local"), "pw".toCharArray(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    workloadKeys = TestCsrs.ecKeys();
  }

  @Test
  void shouldIssueALeafThatValidatesWithPkixAgainstTheRoot() throws Exception {
    IssuedChain chain = new WorkloadSigner(ca).sign(TestCsrs.csr(workloadKeys, REVIEWS.toUri()), REVIEWS, NOW);

    assertEquals(List.of(chain.leaf(), ca.certificate(), ca.root()), chain.certificates());
    validate(chain, ca.trustBundle(), NOW);
  }

  @Test
  void shouldCarryExactlyTheSpiffeUriSanTheUsagesAndNoCaFlag() throws Exception {
    X509Certificate leaf = new WorkloadSigner(ca).sign(TestCsrs.csr(workloadKeys, null), REVIEWS, NOW).leaf();

    assertEquals(List.of(List.of(6, "spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews")),
        List.copyOf(leaf.getSubjectAlternativeNames()));
    assertTrue(leaf.getCriticalExtensionOIDs().contains("2.5.29.17"), "SAN critical with an empty subject");
    assertEquals("", leaf.getSubjectX500Principal().getName());
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
    assertEquals(-1, leaf.getBasicConstraints());
    boolean[] usage = leaf.getKeyUsage();
    assertTrue(usage[0] && usage[2], "digitalSignature and keyEncipherment");
    assertFalse(usage[5], "no keyCertSign");
    assertEquals(workloadKeys.getPublic(), leaf.getPublicKey());
    assertTrue(leaf.getSerialNumber().signum() > 0);
    assertEquals(128, leaf.getSerialNumber().bitLength());
    assertTrue(leaf.getExtensionValue("2.5.29.14") != null && leaf.getExtensionValue("2.5.29.35") != null);
  }

  @Test
  void shouldUseTheDefaultTtlOfADayAndBackdateForClockSkew() throws Exception {
    X509Certificate leaf = new WorkloadSigner(ca).sign(TestCsrs.csr(workloadKeys, null), REVIEWS, NOW).leaf();

    assertEquals(NOW.minus(Duration.ofMinutes(1)), leaf.getNotBefore().toInstant());
    assertEquals(NOW.plus(Duration.ofHours(24)), leaf.getNotAfter().toInstant());
  }

  @Test
  void shouldHonourTheRequestedTtlAndExpireWithIt() throws Exception {
    IssuedChain chain = new WorkloadSigner(ca)
        .sign(TestCsrs.csr(workloadKeys, null), REVIEWS, Duration.ofHours(1), NOW);

    assertEquals(NOW.plus(Duration.ofHours(1)), chain.leaf().getNotAfter().toInstant());
    assertThrows(CertPathValidatorException.class,
        () -> validate(chain, ca.trustBundle(), NOW.plus(Duration.ofHours(2))));
  }

  @Test
  void shouldRefuseACsrAskingForAnotherNamespace() throws Exception {
    var csr = TestCsrs.csr(workloadKeys, "spiffe://td/ns/a/sa/x");

    CsrRejectedException error = assertThrows(CsrRejectedException.class,
        () -> new WorkloadSigner(ca).sign(csr, SpiffeId.parse("spiffe://td/ns/b/sa/x"), NOW));

    assertEquals(Reason.IDENTITY_MISMATCH, error.reason());
  }

  @Test
  void shouldRefuseACsrAskingForADnsNameBesideTheIdentity() throws Exception {
    var csr = TestCsrs.csr(workloadKeys, new GeneralName(GeneralName.dNSName, "evil.example"), false);

    CsrRejectedException error = assertThrows(CsrRejectedException.class,
        () -> new WorkloadSigner(ca).sign(csr, REVIEWS, NOW));

    assertEquals(Reason.IDENTITY_MISMATCH, error.reason());
  }

  @Test
  void shouldRefuseACsrWhosePublicKeyWasSwapped() throws Exception {
    var forged = TestCsrs.withPublicKeyOf(TestCsrs.csr(workloadKeys, REVIEWS.toUri()), TestCsrs.ecKeys());

    CsrRejectedException error = assertThrows(CsrRejectedException.class,
        () -> new WorkloadSigner(ca).sign(forged, REVIEWS, NOW));

    assertEquals(Reason.BAD_SIGNATURE, error.reason());
  }

  @Test
  void shouldRefuseACsrWithATamperedSignature() throws Exception {
    var tampered = TestCsrs.withFlippedSignatureBit(TestCsrs.csr(workloadKeys, REVIEWS.toUri()));

    CsrRejectedException error = assertThrows(CsrRejectedException.class,
        () -> new WorkloadSigner(ca).sign(tampered, REVIEWS, NOW));

    assertEquals(Reason.BAD_SIGNATURE, error.reason());
  }

  @Test
  void shouldIgnoreARequestForCaTrue() throws Exception {
    var csr = TestCsrs.csr(workloadKeys,
        new GeneralName(GeneralName.uniformResourceIdentifier, REVIEWS.toUri()), true);

    assertEquals(-1, new WorkloadSigner(ca).sign(csr, REVIEWS, NOW).leaf().getBasicConstraints());
  }

  @Test
  void shouldRefuseATtlThatWouldOutliveTheIntermediate() throws Exception {
    var signer = new WorkloadSigner(ca, Duration.ofHours(24), Duration.ofDays(400));

    CsrRejectedException error = assertThrows(CsrRejectedException.class,
        () -> signer.sign(TestCsrs.csr(workloadKeys, null), REVIEWS, Duration.ofDays(366), NOW));

    assertEquals(Reason.BAD_TTL, error.reason());
  }

  @Test
  void shouldRefuseATtlAboveTheMaximum() throws Exception {
    CsrRejectedException error = assertThrows(CsrRejectedException.class,
        () -> new WorkloadSigner(ca).sign(TestCsrs.csr(workloadKeys, null), REVIEWS, Duration.ofDays(91), NOW));

    assertEquals(Reason.BAD_TTL, error.reason());
  }

  @Test
  void shouldValidateAgainstABundleHoldingTheOldAndTheNewRoot(@TempDir Path other) throws Exception {
    SigningCa newCa = MeshCa.loadOrCreate(CaSettings.defaults(other, "cluster.local"), "pw".toCharArray(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    TrustBundle overlap = ca.trustBundle().with(newCa.root());
    var csr = TestCsrs.csr(workloadKeys, null);

    validate(new WorkloadSigner(ca).sign(csr, REVIEWS, NOW), overlap, NOW);
    validate(new WorkloadSigner(newCa).sign(csr, REVIEWS, NOW), overlap, NOW);
    assertThrows(CertPathValidatorException.class,
        () -> validate(new WorkloadSigner(newCa).sign(csr, REVIEWS, NOW), ca.trustBundle(), NOW));
  }

  @Test
  void shouldRenderTheChainAsPemLeafFirst() throws Exception {
    IssuedChain chain = new WorkloadSigner(ca).sign(TestCsrs.csr(workloadKeys, null), REVIEWS, NOW);

    var parsed = CertificateFactory.getInstance("X.509")
        .generateCertificates(new java.io.ByteArrayInputStream(chain.pem().getBytes()));
    assertEquals(chain.certificates(), List.copyOf(parsed));
    assertEquals(2, chain.presentedChainPem().split("BEGIN CERTIFICATE").length - 1);
    assertFalse(chain.pem().contains("PRIVATE KEY"));
  }

  /** What a peer does: PKIX from the leaf through the presented chain to a trusted root. */
  static void validate(IssuedChain chain, TrustBundle trust, Instant at) throws Exception {
    List<X509Certificate> path = chain.certificates().subList(0, chain.certificates().size() - 1);
    PKIXParameters parameters = new PKIXParameters(trust.trustAnchors());
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
  }
}
