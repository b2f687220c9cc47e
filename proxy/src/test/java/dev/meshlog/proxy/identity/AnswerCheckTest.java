package dev.meshlog.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {

  private static final String PROXY = "reviews-v1";
  private static final URI IDENTITY = URI.create("spiffe://cluster.local/ns/default/sa/reviews");

  private final TestCa ca = new TestCa();
  private final KeyPair pending = TestCa.keyPair();

  @Test
  void shouldAcceptTheChainWhoseLeafCertifiesThePendingKeyAndIdentity() {
    IssuedCertificate answer = new IssuedCertificate(PROXY, ca.issue(pending.getPublic(), IDENTITY, Duration.ofHours(1)));

    AnswerCheck.Verdict verdict = AnswerCheck.check(answer, PROXY, pending.getPublic(), IDENTITY, Instant.now());

    assertEquals(answer, assertInstanceOf(AnswerCheck.Accepted.class, verdict).certificate());
  }

  @Test
  void shouldIgnoreAStaleChainForAnOlderKeyOfOurs() {
    KeyPair older = TestCa.keyPair();
    IssuedCertificate stale = new IssuedCertificate(PROXY, ca.issue(older.getPublic(), IDENTITY, Duration.ofHours(1)));

    AnswerCheck.Verdict verdict = AnswerCheck.check(stale, PROXY, pending.getPublic(), IDENTITY, Instant.now());

    assertTrue(assertInstanceOf(AnswerCheck.Ignored.class, verdict).reason().contains("another key"));
  }

  @Test
  void shouldIgnoreAChainNamingAnotherIdentity() {
    URI other = URI.create("spiffe://cluster.local/ns/default/sa/ratings");
    IssuedCertificate answer = new IssuedCertificate(PROXY, ca.issue(pending.getPublic(), other, Duration.ofHours(1)));

    AnswerCheck.Verdict verdict = AnswerCheck.check(answer, PROXY, pending.getPublic(), IDENTITY, Instant.now());

    assertTrue(assertInstanceOf(AnswerCheck.Ignored.class, verdict).reason().contains("ratings"));
  }

  @Test
  void shouldIgnoreAChainIssuedToAnotherProxy() {
    IssuedCertificate answer = new IssuedCertificate("ratings-v1",
        ca.issue(pending.getPublic(), IDENTITY, Duration.ofHours(1)));

    assertInstanceOf(AnswerCheck.Ignored.class,
        AnswerCheck.check(answer, PROXY, pending.getPublic(), IDENTITY, Instant.now()));
  }

  @Test
  void shouldIgnoreAnExpiredChain() {
    Instant now = Instant.now();
    IssuedCertificate expired = new IssuedCertificate(PROXY,
        ca.issue(pending.getPublic(), IDENTITY, now.minusSeconds(120), now.minusSeconds(60)));

    assertTrue(assertInstanceOf(AnswerCheck.Ignored.class,
        AnswerCheck.check(expired, PROXY, pending.getPublic(), IDENTITY, now)).reason().contains("expired"));
  }
}
