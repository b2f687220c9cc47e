package dev.meshlog.proxy.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Envoy's default retry back-off: fully jittered exponential, base 25 ms, capped at 250 ms. The
 * n-th retry (0-based) waits a random time in {@code [0, min(250 ms, 25 ms * 2^n))}.
 */
public final class RetryBackoff {

  public static final Duration BASE = Duration.ofMillis(25);
  public static final Duration MAX = Duration.ofMillis(250);

  private RetryBackoff() {}

  /** The exclusive upper bound of the n-th retry's wait. */
  public static Duration ceiling(int retry) {
    long base = BASE.toNanos();
    long max = MAX.toNanos();
    // Beyond a few doublings the cap wins; stopping there keeps the shift from overflowing.
    return Duration.ofNanos(retry >= 16 ? max : Math.min(max, base << Math.max(0, retry)));
  }

  /** The n-th retry's wait, drawn from {@code random}. */
  public static Duration delay(int retry, RandomGenerator random) {
    return Duration.ofNanos(random.nextLong(ceiling(retry).toNanos()));
  }
}
