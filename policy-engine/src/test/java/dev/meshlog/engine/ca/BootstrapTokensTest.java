package dev.meshlog.engine.ca;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.engine.ca.TokenRejectedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BootstrapTokensTest {

  private static final SpiffeId REVIEWS = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/reviews");
  private static final SpiffeId RATINGS = SpiffeId.parse("spiffe://cluster.local/ns/default/sa/ratings");

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T04:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final byte[] key = BootstrapTokens.newKey();
  private final BootstrapTokens tokens = new BootstrapTokens(key, clock, UsedNonces.inMemory(clock));

  private Reason refusal(String token, SpiffeId asked) {
    return assertThrows(TokenRejectedException.class, () -> tokens.redeem(token, asked)).reason();
  }

  @Test
  void shouldAcceptATokenOnceForItsOwnIdentity() {
    String token = tokens.issue(REVIEWS, Duration.ofMinutes(10));
    assertDoesNotThrow(() -> tokens.redeem(token, REVIEWS));
    assertEquals(Reason.REPLAYED, refusal(token, REVIEWS), "single use");
  }

  @Test
  void shouldRefuseATokenPresentedForAnotherIdentity() {
    String token = tokens.issue(REVIEWS, Duration.ofMinutes(10));
    assertEquals(Reason.FOREIGN, refusal(token, RATINGS));
    assertDoesNotThrow(() -> tokens.redeem(token, REVIEWS), "a foreign use does not burn the owner's token");
  }

  @Test
  void shouldRefuseAnExpiredToken() {
    String token = tokens.issue(REVIEWS, Duration.ofMinutes(10));
    now.set(now.get().plus(Duration.ofMinutes(10)));
    assertEquals(Reason.EXPIRED, refusal(token, REVIEWS));
  }

  @Test
  void shouldRefuseAnAlteredTokenOrOneFromAnotherKey() {
    String token = tokens.issue(REVIEWS, Duration.ofMinutes(10));
    String[] parts = token.split("\\.");
    String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("spiffe://cluster.local/ns/default/sa/ratings|" + Long.MAX_VALUE / 2 + "|00").getBytes());
    assertEquals(Reason.BAD_MAC, refusal(parts[0] + "." + forgedPayload + "." + parts[2], RATINGS));
    BootstrapTokens otherMesh = new BootstrapTokens(BootstrapTokens.newKey(), clock, UsedNonces.inMemory(clock));
    assertEquals(Reason.BAD_MAC, refusal(otherMesh.issue(REVIEWS, Duration.ofMinutes(10)), REVIEWS));
  }

  @Test
  void shouldRefuseWhatIsNotAToken() {
    assertEquals(Reason.MALFORMED, refusal("", REVIEWS));
    assertEquals(Reason.MALFORMED, refusal(null, REVIEWS));
    assertEquals(Reason.MALFORMED, refusal("v2.a.b", REVIEWS));
    assertEquals(Reason.MALFORMED, refusal("v1.!!.??", REVIEWS));
  }

  @Test
  void shouldForgetNoncesOnlyOnceTheirTokensExpired() {
    UsedNonces used = UsedNonces.inMemory(clock);
    Instant expires = now.get().plusSeconds(60);
    assertEquals(true, used.firstUse("n1", expires));
    assertEquals(false, used.firstUse("n1", expires));
    now.set(expires);
    assertEquals(true, used.firstUse("n2", expires.plusSeconds(60)), "pruning does not break new nonces");
  }

  @Test
  void shouldRefuseAShortKey() {
    assertThrows(IllegalArgumentException.class, () -> new BootstrapTokens(new byte[16], clock, UsedNonces.inMemory(clock)));
  }
}
