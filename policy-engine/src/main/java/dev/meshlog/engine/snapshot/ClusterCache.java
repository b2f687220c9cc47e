package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The clusters built on one state, shared by every proxy assembled on it. A cluster is a pure function of the state,
 * its key and the VirtualServices that named it, and the proxies of one namespace (one Sidecar scope) need the same
 * ones: a change reaching the 100 proxies of a namespace that route to 100 hosts built 10,000 clusters, where 100 differ.
 * Valid for its state only; the fold makes one per step, as the state changes with every event.
 */
final class ClusterCache {

  private record Demand(ClusterKey key, SortedSet<String> namedBy) {}

  private final MeshState state;
  private final Map<Demand, ProxyConfig.Cluster> built = new HashMap<>();

  ClusterCache(MeshState state) {
    this.state = state;
  }

  MeshState state() {
    return state;
  }

  /** {@code namedBy} is only looked up with; a copy is kept when the cluster is built. */
  ProxyConfig.Cluster cluster(ClusterKey key, SortedSet<String> namedBy) {
    ProxyConfig.Cluster cluster = built.get(new Demand(key, namedBy));
    if (cluster == null) {
      SortedSet<String> kept = Collections.unmodifiableSortedSet(new TreeSet<>(namedBy));
      cluster = ClusterBuilder.build(state, state.hosts(), key, kept);
      built.put(new Demand(key, kept), cluster);
    }
    return cluster;
  }
}
