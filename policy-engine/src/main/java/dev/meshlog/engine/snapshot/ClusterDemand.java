package dev.meshlog.engine.snapshot;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
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
  private final Map<ClusterKey, SortedSet<String>> clusters = new TreeMap<>(Comparator.comparing(ClusterKey::name));
  private final Map<String, ClusterKey> byName = new TreeMap<>();
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
    SortedSet<String> provenance = clusters.computeIfAbsent(key, k -> new TreeSet<>());
    namedBy.ifPresent(provenance::add);
    byName.put(key.name(), key);
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
