package dev.meshlog.proxy.circuit;

import java.time.Duration;
import java.util.Objects;

/**
 * A cluster's connection pool settings (Istio's {@code connectionPool}), as Envoy's circuit
 * breakers and pool options. Unset fields take Istio's defaults, which leave the breakers
 * effectively unlimited.
 *
 * @param maxConnections upstream connections to the cluster, all event loops together
 * @param maxPendingRequests requests waiting for a connection (Istio's {@code http1MaxPendingRequests})
 * @param maxRequests requests in flight to the cluster (Istio's {@code http2MaxRequests})
 * @param maxRequestsPerConnection a connection is closed after serving this many; 0 for no limit
 * @param connectTimeout the cluster's connect timeout; {@link Duration#ZERO} for the sidecar's default
 * @param idleTimeout a pooled connection idle this long is closed; {@link Duration#ZERO} for never
 */
public record CircuitLimits(int maxConnections, int maxPendingRequests, int maxRequests, int maxRequestsPerConnection,
    Duration connectTimeout, Duration idleTimeout) {

  /** Istio's default for every breaker: 2^32-1 in Envoy, which an int cannot reach. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  public static final CircuitLimits DEFAULTS = new CircuitLimits(UNLIMITED, UNLIMITED, UNLIMITED, 0, Duration.ZERO, Duration.ZERO);

  public CircuitLimits {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (maxConnections < 1 || maxPendingRequests < 0 || maxRequests < 1 || maxRequestsPerConnection < 0) {
      throw new IllegalArgumentException("connection pool limits out of range: maxConnections " + maxConnections
          + ", maxPendingRequests " + maxPendingRequests + ", maxRequests " + maxRequests
          + ", maxRequestsPerConnection " + maxRequestsPerConnection);
    }
    if (connectTimeout.isNegative() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("connectTimeout and idleTimeout must not be negative, got " + connectTimeout
          + " and " + idleTimeout);
    }
  }

  /** The connect timeout to use, {@code fallback} when the cluster sets none. */
  public int connectTimeoutMillis(int fallback) {
    return connectTimeout.isZero() ? fallback : (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
  }
}
