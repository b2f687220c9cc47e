package dev.meshlog.engine.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The incremental fold: the mesh state plus a reverse index from {@link DependencyKeys} to the
 * proxies whose last assembly read them. A change recomputes exactly the proxies indexed under the
 * keys it touches, computed on the state before and after it (a VirtualService moved from host a to
 * b touches both), plus the proxy whose own workload it is. Nothing here iterates every proxy per
 * event; only a root-namespace policy (key {@code mesh-wide}) and the trust bundle reach all of them, as they must.
 *
 * <p>The index is not stored: {@link #restore} derives it by assembling every proxy once, which gives
 * the same keys the incremental fold would have recorded (assembly is a pure function of the state).
 */
public final class MeshFold {

  private MeshState state;
  private final DependencyIndex index = new DependencyIndex();

  private MeshFold(MeshState state) {
    this.state = state;
  }

  public static MeshFold restore(MeshState state) {
    MeshFold fold = new MeshFold(state);
    SnapshotAssembler.assembleAll(state).forEach((id, assembly) -> fold.index.put(id, assembly.dependencies()));
    return fold;
  }

  public MeshState state() {
    return state;
  }

  /** What one change did: the new assemblies of the proxies it affected, and the proxies that are gone. */
  public record Step(SortedMap<String, Assembly> assemblies, SortedSet<String> removed) {}

  public Step apply(MeshChange change) {
    MeshState before = state;
    MeshState after = before.apply(change);
    Optional<MeshResource> was = before.resource(change.key());
    Optional<MeshResource> now = after.resource(change.key());
    Set<String> touched = new TreeSet<>();
    was.ifPresent(r -> touch(r, before, after, touched));
    now.ifPresent(r -> touch(r, before, after, touched));
    SortedSet<String> affected = index.proxiesUnder(touched);
    for (Optional<MeshResource> r : List.of(was, now)) {
      r.filter(Workload.class::isInstance).map(Workload.class::cast).flatMap(Workload::proxyId).ifPresent(affected::add);
    }
    state = after;

    SortedMap<String, Workload> proxies = affected.isEmpty() ? new TreeMap<>() : after.proxies();
    SortedMap<String, Assembly> assemblies = new TreeMap<>();
    SortedSet<String> removed = new TreeSet<>();
    ClusterCache clusters = new ClusterCache(after);
    for (String proxyId : affected) {
      Workload proxy = proxies.get(proxyId);
      if (proxy == null) {
        index.remove(proxyId);
        removed.add(proxyId);
      } else {
        Assembly assembly = SnapshotAssembler.assemble(clusters, proxy);
        index.put(proxyId, assembly.dependencies());
        assemblies.put(proxyId, assembly);
      }
    }
    return new Step(assemblies, removed);
  }

  /** The dependency keys {@code resource} reaches in either state. */
  private static void touch(MeshResource resource, MeshState before, MeshState after, Set<String> keys) {
    ResourceReach reach = ResourceReach.of(resource);
    keys.addAll(reach.keys());
    for (String host : reach.hosts()) {
      Optional<MeshHost> old = before.host(host);
      Optional<MeshHost> current = after.host(host);
      if (!old.equals(current)) {
        // the host came, went or changed hands: proxies scoped by namespace or taking every host see the set change
        keys.add(DependencyKeys.ANY_HOST);
        old.ifPresent(h -> keys.add(DependencyKeys.hostNamespace(h.namespace())));
        current.ifPresent(h -> keys.add(DependencyKeys.hostNamespace(h.namespace())));
      }
    }
  }

  /** For tests and logs: how many proxies are indexed. */
  public int indexedProxies() {
    return index.size();
  }
}
