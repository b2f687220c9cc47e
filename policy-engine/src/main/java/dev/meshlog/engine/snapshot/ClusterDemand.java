package dev.meshlog.engine.snapshot;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The clusters one assembly needs, each with the VirtualServices that named it. A destination host
 * outside the proxy's scope still gets its cluster: Istio would leave the route pointing at a
 * missing cluster (503 at request time), but a snapshot that names a missing cluster is refused as a
 * whole here, so keeping the destination's cluster is what lets the snapshot validate.
 */
final class ClusterDemand {

  private final SortedMap<String, MeshHost> hosts;
  private final SortedSet<String> keys;
  /**
   * By cluster name, in demand order (the snapshot sorts its clusters by name): keyed by the name computed once per
   * demand, where a map ordered by {@link ClusterKey#name} computed it at every comparison, a tenth of the fold's CPU.
   */
  private final Map<String, ClusterKey> byName = new HashMap<>();
  private final Map<ClusterKey, SortedSet<String>> clusters = new LinkedHashMap<>();
  private Optional<String> namingSubject = Optional.empty();

  ClusterDemand(SortedMap<String, MeshHost> hosts, SortedSet<String> keys) {
    this.hosts = hosts;
    this.keys = keys;
  }

  /** The VirtualService whose routes are being translated: it goes into the provenance of the clusters they name. */
  void naming(Optional<String> subject) {
    namingSubject = subject;
  }

  /** The cluster of a route destination (its host's default port when it names none), now required. */
  ClusterKey destination(VirtualService.Destination destination) {
    int port = destination.port().orElseGet(() -> defaultPort(destination.host()));
    ClusterKey key = new ClusterKey(destination.host(), destination.subset(), port);
    require(key, namingSubject);
    return key;
  }

  void require(ClusterKey key, Optional<String> namedBy) {
    keys.add(DependencyKeys.host(key.host()));
    ClusterKey first = byName.putIfAbsent(key.name(), key); // keys naming one cluster are one cluster
    SortedSet<String> provenance = clusters.computeIfAbsent(first == null ? key : first, k -> new TreeSet<>());
    namedBy.ifPresent(provenance::add);
  }

  /** A required cluster by its name. */
  Optional<ClusterKey> key(String clusterName) {
    return Optional.ofNullable(byName.get(clusterName));
  }

  Map<ClusterKey, SortedSet<String>> clusters() {
    return clusters;
  }

  private int defaultPort(String host) {
    MeshHost known = hosts.get(host);
    return known == null ? ClusterKey.DEFAULT_PORT : known.defaultPort();
  }
}
