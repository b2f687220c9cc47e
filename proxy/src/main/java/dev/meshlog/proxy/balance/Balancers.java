package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Builds the balancer a cluster's {@link LoadBalancing} asks for, once per snapshot. */
public final class Balancers {

  private Balancers() {}

  /**
   * A balancer over {@code endpoints} for {@code policy}, skipping those their {@link HostHealth}
   * says are ejected (Istio's default minHealthPercent 0: no panic mode). Off the event loop: a ring hash hashes
   * {@code minimumRingSize} entries here.
   *
   * @throws IllegalArgumentException when an endpoint's weight is below 1
   */
  public static <E> Balancer<LbEndpoint<E>> of(LoadBalancing policy, List<LbEndpoint<E>> endpoints) {
    return switch (policy.kind()) {
      // A random start, as Envoy seeds each worker's cursor: proxies applying the same snapshot
      // together would otherwise all send their next request to the first endpoint.
      case ROUND_ROBIN -> new RoundRobinBalancer<>(endpoints, LbEndpoint::weight, ThreadLocalRandom.current().nextInt(),
          LbEndpoint::health);
      case RANDOM -> new RandomBalancer<>(endpoints, LbEndpoint::weight, LbEndpoint::health);
      case LEAST_REQUEST -> new LeastRequestBalancer<>(endpoints, LbEndpoint::weight, e -> e.activeRequests().get(),
          LbEndpoint::health);
      case RING_HASH -> new RingHashBalancer<>(endpoints, LbEndpoint::weight, LbEndpoint::ringKey, policy.hashOn(),
          policy.minimumRingSize(), LbEndpoint::health);
    };
  }
}
