package dev.meshlog.proxy.balance;

import java.util.Objects;

/**
 * An endpoint as the balancers see it (Envoy's {@code LbEndpoint}): the thing to connect to, its
 * load-balancing weight, the text that places it on a hash ring, and its in-flight request count.
 * Built once per snapshot, so picking never allocates.
 *
 * @param endpoint what the listener connects to
 * @param weight load-balancing weight, at least 1 (Envoy rejects 0)
 * @param ringKey stable identity hashed onto a ring; Envoy uses the address, {@code 10.0.0.7:8080}
 * @param activeRequests requests in flight to this endpoint
 * @param health whether outlier detection ejected it; balancers skip ejected endpoints
 */
public record LbEndpoint<E>(E endpoint, int weight, String ringKey, ActiveRequests activeRequests, HostHealth health) {

  public LbEndpoint {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(ringKey, "ringKey");
    Objects.requireNonNull(activeRequests, "activeRequests");
    Objects.requireNonNull(health, "health");
    if (weight < 1) {
      throw new IllegalArgumentException("endpoint " + ringKey + " has weight " + weight + ", must be at least 1");
    }
  }

  /** An endpoint nothing ejects. */
  public LbEndpoint(E endpoint, int weight, String ringKey, ActiveRequests activeRequests) {
    this(endpoint, weight, ringKey, activeRequests, HostHealth.ALWAYS_HEALTHY);
  }

  /** An endpoint with a fresh, idle request counter. */
  public static <E> LbEndpoint<E> of(E endpoint, int weight, String ringKey) {
    return new LbEndpoint<>(endpoint, weight, ringKey, new ActiveRequests());
  }
}
