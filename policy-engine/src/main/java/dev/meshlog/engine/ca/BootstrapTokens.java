package dev.meshlog.engine.ca;

import dev.meshlog.engine.ca.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bootstrap credential of a standalone workload (Kubernetes workloads use their service
 * account token instead): issued by {@code meshlog} for exactly one SPIFFE identity, valid until an
 * expiry, and good for one certificate request. A token is {@code v1.<payload>.<mac>}, both parts
 * base64url; the payload names the identity, the expiry and a random nonce, and the MAC is
 * HMAC-SHA256 under a key only the CA holds. So a token proves nothing about any other identity,
 * and a replay is caught by its nonce.
 */
public final class BootstrapTokens {

  private static final String VERSION = "v1";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final Clock clock;
  private final UsedNonces used;

  /** @param key at least 32 bytes of secret; {@link #newKey()} makes one */
  public BootstrapTokens(byte[] key, Clock clock, UsedNonces used) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a token key needs at least 32 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.used = Objects.requireNonNull(used, "used");
  }

  public static byte[] newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  /** A token for {@code identity}, valid for {@code ttl}. */
  public String issue(SpiffeId identity, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("token TTL must be positive, got " + ttl);
    }
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String payload = identity.toUri() + "|" + clock.instant().plus(ttl).getEpochSecond() + "|" + HexFormat.of().formatHex(nonce);
    byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
    return VERSION + "." + B64.encodeToString(payloadBytes) + "." + B64.encodeToString(mac(payloadBytes));
  }

  /**
   * Accepts {@code token} as proof that the caller is {@code asked}, once: the MAC verifies, it has
   * not expired, it was issued for {@code asked}, and its nonce was never used before.
   *
   * @throws TokenRejectedException with the reason otherwise
   */
  public void redeem(String token, SpiffeId asked) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      throw new TokenRejectedException(Reason.MALFORMED, "not a v1 bootstrap token");
    }
    byte[] payloadBytes;
    byte[] presentedMac;
    try {
      payloadBytes = B64D.decode(parts[1]);
      presentedMac = B64D.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new TokenRejectedException(Reason.MALFORMED, "token parts are not base64url");
    }
    // Constant time, and before reading the payload: nothing unauthenticated is trusted.
    if (!MessageDigest.isEqual(mac(payloadBytes), presentedMac)) {
      throw new TokenRejectedException(Reason.BAD_MAC, "token MAC does not verify");
    }
    String[] fields = new String(payloadBytes, StandardCharsets.UTF_8).split("\\|", -1);
    if (fields.length != 3) {
      throw new TokenRejectedException(Reason.MALFORMED, "token payload has " + fields.length + " fields, not 3");
    }
    Instant expires = Instant.ofEpochSecond(Long.parseLong(fields[1]));
    if (!clock.instant().isBefore(expires)) {
      throw new TokenRejectedException(Reason.EXPIRED, "token expired at " + expires);
    }
    if (!fields[0].equals(asked.toUri())) {
      throw new TokenRejectedException(Reason.FOREIGN, "token was issued for another identity than " + asked.toUri());
    }
    if (!used.firstUse(fields[2], expires)) {
      throw new TokenRejectedException(Reason.REPLAYED, "token was already used");
    }
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
