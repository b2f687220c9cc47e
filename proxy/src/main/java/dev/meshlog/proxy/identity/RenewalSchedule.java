package dev.meshlog.proxy.identity;

import java.time.Duration;
import java.time.Instant;

/**
 * When to ask for a certificate. Renewal as Istio schedules it: once {@code fraction} of the
 * certificate's lifetime (notBefore to notAfter) has passed, half by default, so a failing CA leaves
 * the other half to recover before peers see an expired certificate. Requests that get no answer
 * are sent again after a doubling wait, capped.
 */
public record RenewalSchedule(double fraction, Duration initialBackoff, Duration maxBackoff) {

  public RenewalSchedule {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("renew fraction must be in (0, 1), got " + fraction);
    }
  }

  public static RenewalSchedule of(WorkloadIdentityConfig config) {
    return new RenewalSchedule(config.renewFraction(), config.initialBackoff(), config.maxBackoff());
  }

  /** The instant at which a certificate valid from {@code notBefore} to {@code notAfter} is renewed. */
  public Instant renewAt(Instant notBefore, Instant notAfter) {
    long lifetime = Duration.between(notBefore, notAfter).toMillis();
    return notBefore.plusMillis((long) Math.floor(lifetime * fraction));
  }

  /** How long attempt {@code n} (0-based) waits for its answer before the next one is sent. */
  public Duration backoff(int attempt) {
    long initial = initialBackoff.toMillis();
    long max = maxBackoff.toMillis();
    // Beyond 30 doublings the cap has long won; stopping there keeps the shift from overflowing.
    long wait = attempt >= 30 ? max : Math.min(max, initial << Math.max(0, attempt));
    return Duration.ofMillis(wait);
  }
}
