package dev.meshlog.proxy.mtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerVerifierTest {

  private static final String REVIEWS = "spiffe://cluster.local/ns/default/sa/reviews";
  private final PeerVerifier verifier = new PeerVerifier(Clock.systemUTC());
  private final TestCa ca = TestCa.withIntermediate("mesh");

  private static X509Certificate[] chain(TestCa.Issued issued) {
    return issued.chain().toArray(X509Certificate[]::new);
  }

  private PeerCheck.Refused refused(PeerCheck check, MtlsStats.Counter counter) {
    PeerCheck.Refused refused = assertInstanceOf(PeerCheck.Refused.class, check);
    assertEquals(counter, refused.counter(), refused.reason());
    return refused;
  }

  @Test
  void shouldVerifyAPeerOfOurTrustDomainChainedThroughAnIntermediate() {
    PeerCheck check = verifier.verify(chain(ca.issue(REVIEWS)), ca.bundle("cluster.local"));
    assertEquals(new PeerCheck.Verified(REVIEWS), check);
  }

  @Test
  void shouldRefuseAnExpiredCertificate() {
    TestCa.Issued expired = ca.issue(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)), REVIEWS);
    PeerCheck.Refused refused = refused(verifier.verify(chain(expired), ca.bundle("cluster.local")),
        MtlsStats.Counter.FAIL_VERIFY_ERROR);
    assertTrue(refused.reason().contains("validity"), refused.reason());
  }

  @Test
  void shouldRefuseACertificateNotYetValid() {
    TestCa.Issued future = ca.issue(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)), REVIEWS);
    refused(verifier.verify(chain(future), ca.bundle("cluster.local")), MtlsStats.Counter.FAIL_VERIFY_ERROR);
  }

  @Test
  void shouldJudgeValidityByTheInjectedClock() {
    PeerVerifier tomorrowPlusOne = new PeerVerifier(Clock.fixed(Instant.now().plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC));
    refused(tomorrowPlusOne.verify(chain(ca.issue(REVIEWS)), ca.bundle("cluster.local")), MtlsStats.Counter.FAIL_VERIFY_ERROR);
  }

  @Test
  void shouldRefuseAChainFromAnUntrustedCa() {
    TestCa other = TestCa.create("elsewhere");
    PeerCheck.Refused refused = refused(verifier.verify(chain(other.issue(REVIEWS)), ca.bundle("cluster.local")),
        MtlsStats.Counter.FAIL_VERIFY_ERROR);
    assertTrue(refused.reason().contains("trusted root"), refused.reason());
  }

  @Test
  void shouldRefuseAPeerThatSendsAnUntrustedRootAlong() {
    TestCa other = TestCa.create("elsewhere");
    TestCa.Issued issued = other.issue(REVIEWS);
    X509Certificate[] withRoot = {issued.leaf(), other.root()};
    refused(verifier.verify(withRoot, ca.bundle("cluster.local")), MtlsStats.Counter.FAIL_VERIFY_ERROR);
  }

  @Test
  void shouldRefuseAPeerOfAnotherTrustDomain() {
    PeerCheck.Refused refused = refused(verifier.verify(chain(ca.issue("spiffe://evil.example/ns/default/sa/reviews")),
        ca.bundle("cluster.local")), MtlsStats.Counter.FAIL_VERIFY_SAN);
    assertTrue(refused.reason().contains("trust domain evil.example"), refused.reason());
  }

  @Test
  void shouldRefuseALeafWithoutOrWithSeveralSpiffeUris() {
    refused(verifier.verify(chain(ca.issue()), ca.bundle("cluster.local")), MtlsStats.Counter.FAIL_VERIFY_SAN);
    refused(verifier.verify(chain(ca.issue("https://reviews.example")), ca.bundle("cluster.local")),
        MtlsStats.Counter.FAIL_VERIFY_SAN);
    refused(verifier.verify(chain(ca.issue(REVIEWS, "spiffe://cluster.local/ns/default/sa/admin")),
        ca.bundle("cluster.local")), MtlsStats.Counter.FAIL_VERIFY_SAN);
  }

  @Test
  void shouldRefuseEveryPeerWithoutATrustBundleOrWithoutACertificate() {
    refused(verifier.verify(chain(ca.issue(REVIEWS)), TrustBundle.EMPTY), MtlsStats.Counter.FAIL_VERIFY_ERROR);
    refused(verifier.verify(new X509Certificate[0], ca.bundle("cluster.local")), MtlsStats.Counter.NO_CERTIFICATE);
  }

  @Test
  void shouldTrustBothRootsDuringARootRotation() {
    TestCa next = TestCa.create("next");
    TrustBundle both = new TrustBundle("cluster.local", List.of(ca.root(), next.root()));
    assertEquals(new PeerCheck.Verified(REVIEWS), verifier.verify(chain(ca.issue(REVIEWS)), both));
    assertEquals(new PeerCheck.Verified(REVIEWS), verifier.verify(chain(next.issue(REVIEWS)), both));
  }

  @Test
  void shouldRefuseAServerThatIsNotTheEndpointsExpectedIdentity() {
    PeerCheck verified = new PeerCheck.Verified(REVIEWS);
    assertEquals(verified, PeerVerifier.expect(verified, REVIEWS));
    assertEquals(verified, PeerVerifier.expect(verified, ""), "ISTIO_MUTUAL to an endpoint without identity: any mesh peer");
    refused(PeerVerifier.expect(verified, "spiffe://cluster.local/ns/default/sa/ratings"), MtlsStats.Counter.FAIL_VERIFY_SAN);
  }

  @Test
  void shouldParseARootBundleFromPem() {
    TrustBundle bundle = TrustBundle.fromPem("cluster.local", List.of(ca.rootPem()));
    assertEquals(List.of(ca.root()), bundle.roots());
  }
}
