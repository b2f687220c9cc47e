package dev.meshlog.cli.bench;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.WeightedCluster;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the benchmark keeps of one received snapshot: its identity and size, how much of the proxy's
 * expected scope it covers, and the v1 weight it routes each change target with. Summarised on
 * arrival so a thousand proxies' snapshots are not held in memory (that would skew the heap number).
 *
 * @param routes every route (virtual host) in the snapshot: above the scope size means it was not scoped
 * @param inScope how many of the proxy's expected hosts it has routes for
 * @param v1Weights per change-target host present: the weight of its v1 subset cluster in the first rule
 * @param causeSubjects the target VirtualService subjects named in {@code causes}
 * @param emittedAtMs the record's timestamp: wall-clock time the engine forwarded the snapshot
 * @param receivedAtMs wall-clock time the simulated proxy decoded it (same machine, same clock)
 */
record SnapshotView(String proxyId, long version, String hash, int bytes, int routes, int inScope,
    Map<String, Integer> v1Weights, Set<String> causeSubjects, long emittedAtMs, long receivedAtMs) {

  static SnapshotView of(ProxySnapshot snapshot, int bytes, long emittedAtMs, MeshLayout layout, Map<String, Integer> targetHosts) {
    Set<String> scope = layout.scopeOf(snapshot.getProxyId());
    int inScope = 0;
    Map<String, Integer> weights = new HashMap<>();
    for (RouteConfig route : snapshot.getRoutes()) {
      if (scope.contains(route.getName())) {
        inScope++;
      }
      if (targetHosts.containsKey(route.getName())) {
        v1Weight(route).ifPresent(w -> weights.put(route.getName(), w));
      }
    }
    Set<String> causes = new HashSet<>();
    for (SnapshotCause cause : snapshot.getCauses()) {
      if (cause.getSubject().startsWith(BenchPolicies.VIRTUAL_SERVICE + "/")) {
        causes.add(cause.getSubject());
      }
    }
    return new SnapshotView(snapshot.getProxyId(), snapshot.getVersion(), snapshot.getHash(), bytes,
        snapshot.getRoutes().size(), inScope, Map.copyOf(weights), Set.copyOf(causes), emittedAtMs, System.currentTimeMillis());
  }

  /** The cluster names are {@code outbound|<port>|<subset>|<host>}; the first rule is the bench's split. */
  private static Optional<Integer> v1Weight(RouteConfig route) {
    if (route.getRules().isEmpty()) {
      return Optional.empty();
    }
    RouteRule rule = route.getRules().get(0);
    String suffix = "|v1|" + route.getName();
    for (WeightedCluster cluster : rule.getClusters()) {
      if (cluster.getCluster().endsWith(suffix)) {
        return Optional.of(cluster.getWeight());
      }
    }
    return Optional.empty();
  }

  /** True when this snapshot routes {@code flip}'s host with its new weights. */
  boolean carries(WeightFlip flip) {
    Integer weight = v1Weights.get(flip.host());
    return weight != null && weight == flip.v1Weight();
  }

  /** Every expected host is routed and every target in scope has its seed weights. */
  boolean isSeeded(MeshLayout layout, Map<String, Integer> targetHosts) {
    Set<String> scope = layout.scopeOf(proxyId);
    if (inScope < scope.size()) {
      return false;
    }
    for (String host : targetHosts.keySet()) {
      if (scope.contains(host) && !Integer.valueOf(WeightFlip.SEED_V1_WEIGHT).equals(v1Weights.get(host))) {
        return false;
      }
    }
    return true;
  }
}
