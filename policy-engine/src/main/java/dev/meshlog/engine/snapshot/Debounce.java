package dev.meshlog.engine.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * Istio's push debounce: publish once the input has been quiet for {@code quiet}, or at the latest
 * {@code max} after the first change waiting, so a steady trickle of events cannot starve pushes.
 *
 * <p>One difference from Istio: while the builder works through a backlog (the input it reads was written more than
 * {@code max} ago), a forced push waits {@value #CATCH_UP_FACTOR} times {@code max}. Istio computes a push from its
 * latest state, so a push during a backlog is never stale; here the newer states are already in the log, unread, and
 * pushing the intermediate ones made the builder spend its thread on them instead of reading on: a burst of 2,000
 * commands to 1,000 proxies was pushed to every proxy 90 times and not folded after 15 minutes.
 */
public record Debounce(Duration quiet, Duration max) {

  /** Istio's defaults (PILOT_DEBOUNCE_AFTER, PILOT_DEBOUNCE_MAX). */
  public static final Debounce ISTIO = new Debounce(Duration.ofMillis(100), Duration.ofSeconds(10));

  /** How many times {@code max} a forced push waits while the builder is behind its input: a minute for Istio's 10 s. */
  public static final int CATCH_UP_FACTOR = 6;

  public Debounce {
    Objects.requireNonNull(quiet, "quiet");
    Objects.requireNonNull(max, "max");
    if (quiet.isNegative() || max.isNegative() || quiet.compareTo(max) > 0) {
      throw new IllegalArgumentException("debounce needs 0 <= quiet <= max, got quiet " + quiet + ", max " + max);
    }
  }

  /**
   * Whether changes pending since {@code firstPendingMs} go out at {@code nowMs}, the last input having been read at
   * {@code lastInputMs} and written to the log at {@code lastInputWrittenMs}.
   */
  public boolean due(long nowMs, long lastInputMs, long firstPendingMs, long lastInputWrittenMs) {
    boolean behind = nowMs - lastInputWrittenMs > max.toMillis();
    long forcedAfter = behind ? max.toMillis() * CATCH_UP_FACTOR : max.toMillis();
    return nowMs - lastInputMs >= quiet.toMillis() || nowMs - firstPendingMs >= forcedAfter;
  }
}
