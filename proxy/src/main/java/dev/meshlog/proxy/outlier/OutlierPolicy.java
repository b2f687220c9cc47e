package dev.meshlog.proxy.outlier;

import java.time.Duration;
import java.util.Objects;

/**
 * A cluster's outlier detection (Istio's {@code outlierDetection}, Envoy's {@code outlier_detection}),
 * with Istio's defaults already filled in by the wire conversion.
 *
 * @param consecutive5xxErrors eject after this many 5xx in a row (local failures count); 0 disables
 * @param consecutiveGatewayErrors eject after this many 502/503/504 in a row (local failures count); 0 disables
 * @param interval how often ejections are reviewed: an ejection ends on the first review after its time
 * @param baseEjectionTime an ejection lasts this times the endpoint's ejection multiplier
 * @param maxEjectionPercent eject only while fewer than this percentage of the endpoints are ejected
 */
public record OutlierPolicy(int consecutive5xxErrors, int consecutiveGatewayErrors, Duration interval,
    Duration baseEjectionTime, int maxEjectionPercent) {

  public static final int DEFAULT_CONSECUTIVE_5XX = 5;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_EJECTION_PERCENT = 10;
  /** Envoy's {@code max_ejection_time} default, which Istio does not expose: the multiplier stops there. */
  public static final Duration MAX_EJECTION_TIME = Duration.ofSeconds(300);

  /** No outlier detection: nothing is ever ejected (a cluster whose DestinationRule has none). */
  public static final OutlierPolicy NONE =
      new OutlierPolicy(0, 0, DEFAULT_INTERVAL, DEFAULT_BASE_EJECTION_TIME, DEFAULT_MAX_EJECTION_PERCENT);

  public OutlierPolicy {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
    if (consecutive5xxErrors < 0 || consecutiveGatewayErrors < 0) {
      throw new IllegalArgumentException("consecutive error counts must be >= 0, got " + consecutive5xxErrors
          + " and " + consecutiveGatewayErrors);
    }
    if (interval.isNegative() || interval.isZero() || baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
      throw new IllegalArgumentException("outlier interval and baseEjectionTime must be positive, got " + interval
          + " and " + baseEjectionTime);
    }
    if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
      throw new IllegalArgumentException("maxEjectionPercent must be within 0..100, got " + maxEjectionPercent);
    }
  }

  /** Whether any error count can eject an endpoint. */
  public boolean enabled() {
    return consecutive5xxErrors > 0 || consecutiveGatewayErrors > 0;
  }

  /** How long an ejection with this multiplier lasts: Envoy's min(base x multiplier, max(base, 300 s)). */
  public long ejectionMillis(int multiplier) {
    long base = baseEjectionTime.toMillis();
    return Math.min(base * multiplier, Math.max(base, MAX_EJECTION_TIME.toMillis()));
  }
}
