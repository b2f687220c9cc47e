package dev.meshlog.engine.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * Istio's push debounce: publish once the input has been quiet for {@code quiet}, or at the latest
 * {@code max} after the first change waiting, so a steady trickle of events cannot starve pushes.
 */
public record Debounce(Duration quiet, Duration max) {

  /** Istio's defaults (PILOT_DEBOUNCE_AFTER, PILOT_DEBOUNCE_MAX). */
  public static final Debounce ISTIO = new Debounce(Duration.ofMillis(100), Duration.ofSeconds(10));

  public Debounce {
    Objects.requireNonNull(quiet, "quiet");
    Objects.requireNonNull(max, "max");
    if (quiet.isNegative() || max.isNegative() || quiet.compareTo(max) > 0) {
      throw new IllegalArgumentException("debounce needs 0 <= quiet <= max, got quiet " + quiet + ", max " + max);
    }
  }

  /** Whether changes pending since {@code firstPendingMs} go out at {@code nowMs}, the last input being at {@code lastInputMs}. */
  public boolean due(long nowMs, long lastInputMs, long firstPendingMs) {
    return nowMs - lastInputMs >= quiet.toMillis() || nowMs - firstPendingMs >= max.toMillis();
  }
}
