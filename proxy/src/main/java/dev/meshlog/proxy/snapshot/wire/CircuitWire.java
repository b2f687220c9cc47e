package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.proxy.circuit.CircuitLimits;
import dev.meshlog.proxy.outlier.OutlierPolicy;
import java.time.Duration;

/**
 * A cluster's {@code connectionPool} and {@code outlierDetection} to domain records, filling in
 * Istio's defaults: breakers effectively unlimited, outlier detection off unless the
 * DestinationRule has it, and then 5 consecutive 5xx, 10 s interval, 30 s base ejection, 10%.
 * {@code maxRetries} is the retry budget's business (the retry policy), not the pool's.
 */
final class CircuitWire {

  private CircuitWire() {}

  static CircuitLimits limits(ConnectionPoolSpec pool) {
    if (pool == null) {
      return CircuitLimits.DEFAULTS;
    }
    return new CircuitLimits(
        cap("maxConnections", pool.getMaxConnections()),
        cap("http1MaxPendingRequests", pool.getHttp1MaxPendingRequests()),
        cap("http2MaxRequests", pool.getHttp2MaxRequests()),
        nonNegative("maxRequestsPerConnection", pool.getMaxRequestsPerConnection(), 0),
        millis("connectTimeoutMs", pool.getConnectTimeoutMs()),
        millis("idleTimeoutMs", pool.getIdleTimeoutMs()));
  }

  static OutlierPolicy outlier(OutlierDetectionSpec spec) {
    if (spec == null) {
      return OutlierPolicy.NONE;
    }
    return new OutlierPolicy(
        nonNegative("consecutive5xxErrors", spec.getConsecutive5xxErrors(), OutlierPolicy.DEFAULT_CONSECUTIVE_5XX),
        nonNegative("consecutiveGatewayErrors", spec.getConsecutiveGatewayErrors(), 0),
        positive("intervalMs", spec.getIntervalMs(), OutlierPolicy.DEFAULT_INTERVAL),
        positive("baseEjectionTimeMs", spec.getBaseEjectionTimeMs(), OutlierPolicy.DEFAULT_BASE_EJECTION_TIME),
        percent(spec.getMaxEjectionPercent()));
  }

  /** Istio sets a breaker only when the field is positive; unset or 0 leaves Envoy's "unlimited". */
  private static int cap(String field, Integer value) {
    if (value == null || value == 0) {
      return CircuitLimits.UNLIMITED;
    }
    return nonNegative(field, value, 0);
  }

  private static int nonNegative(String field, Integer value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
    return value;
  }

  private static Duration millis(String field, Long value) {
    if (value == null) {
      return Duration.ZERO;
    }
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
    return Duration.ofMillis(value);
  }

  private static Duration positive(String field, Long value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
    return Duration.ofMillis(value);
  }

  private static int percent(Integer value) {
    if (value == null) {
      return OutlierPolicy.DEFAULT_MAX_EJECTION_PERCENT;
    }
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException("maxEjectionPercent must be within 0..100, got " + value);
    }
    return value;
  }
}
