package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.LoadBalancerSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.PortTrafficPolicySpec;
import dev.meshlog.avro.TrafficPolicySpec;
import java.util.Optional;

/**
 * Istio's traffic policy resolution for one cluster (host, port, subset): the DestinationRule's
 * top-level settings, overridden by its port-level settings for the cluster's port, overridden by the
 * subset's traffic policy, overridden by the subset's port-level settings. Each of load balancer,
 * connection pool, outlier detection and TLS is replaced whole by the more specific level that sets
 * it (Istio merges at that granularity too).
 */
final class TrafficPolicies {

  private TrafficPolicies() {}

  static TrafficSettings resolve(Optional<DestinationRule> rule, int port, Optional<String> subset) {
    Layers layers = Layers.NONE;
    if (rule.isPresent()) {
      layers = layers.over(rule.get().trafficPolicy(), port);
      if (subset.isPresent()) {
        layers = layers.over(rule.get().subset(subset.get()).flatMap(DestinationRule.Subset::trafficPolicy), port);
      }
    }
    return layers.settings();
  }

  private record Layers(Optional<LoadBalancerSpec> lb, Optional<ConnectionPoolSpec> pool, Optional<OutlierDetectionSpec> outlier,
      Optional<ClientTlsSpec> tls) {

    static final Layers NONE = new Layers(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    Layers over(Optional<TrafficPolicySpec> policy, int port) {
      if (policy.isEmpty()) {
        return this;
      }
      TrafficPolicySpec p = policy.get();
      Layers next = new Layers(or(p.getLoadBalancer(), lb), or(p.getConnectionPool(), pool), or(p.getOutlierDetection(), outlier),
          or(p.getTls(), tls));
      for (PortTrafficPolicySpec portLevel : p.getPortLevelSettings()) {
        if (portLevel.getPort() == port) {
          next = new Layers(or(portLevel.getLoadBalancer(), next.lb), or(portLevel.getConnectionPool(), next.pool),
              or(portLevel.getOutlierDetection(), next.outlier), or(portLevel.getTls(), next.tls));
        }
      }
      return next;
    }

    TrafficSettings settings() {
      String name = TrafficSettings.ROUND_ROBIN;
      var hash = lb.map(LoadBalancerSpec::getConsistentHash);
      if (hash.isPresent()) {
        name = TrafficSettings.RING_HASH;
      } else if (lb.isPresent() && lb.get().getSimple() != null) {
        name = lb.get().getSimple().name();
      }
      return new TrafficSettings(name, hash, pool, outlier, tls);
    }

    private static <T> Optional<T> or(T specific, Optional<T> general) {
      return specific != null ? Optional.of(specific) : general;
    }
  }
}
