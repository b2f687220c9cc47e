package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.LoadBalancerSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.PortTrafficPolicySpec;
import dev.meshlog.avro.TrafficPolicySpec;
import java.util.Optional;

/**
 * Istio's traffic policy resolution for one cluster (host, port, subset), as Istio's
 * {@code MergeSubsetTrafficPolicy} does it. Within one level (the DestinationRule, or a subset) a
 * port-level entry for the cluster's port replaces that level's settings entirely: what the entry
 * omits takes the default, not the level's top-level value (Istio's documented rule: "settings
 * specified at the destination-level will not be inherited when overridden by port-level settings").
 * The subset's settings then override the DestinationRule's effective ones, each of load balancer,
 * connection pool, outlier detection and TLS whole when the subset sets it, and all four when the
 * subset has a port-level entry for the port (Istio's {@code mergeTrafficPolicy} with mergePortLevel).
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
      Optional<PortTrafficPolicySpec> portLevel = p.getPortLevelSettings().stream().filter(s -> s.getPort() == port).findFirst();
      if (portLevel.isPresent()) {
        // Istio's mergeTrafficPolicy(..., mergePortLevel=true): all four are overwritten, even when the entry omits one
        PortTrafficPolicySpec s = portLevel.get();
        return new Layers(Optional.ofNullable(s.getLoadBalancer()), Optional.ofNullable(s.getConnectionPool()),
            Optional.ofNullable(s.getOutlierDetection()), Optional.ofNullable(s.getTls()));
      }
      return new Layers(or(p.getLoadBalancer(), lb), or(p.getConnectionPool(), pool), or(p.getOutlierDetection(), outlier),
          or(p.getTls(), tls));
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
