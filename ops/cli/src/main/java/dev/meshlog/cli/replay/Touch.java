package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.DependencyKeys;
import dev.meshlog.engine.snapshot.MeshResource;
import dev.meshlog.engine.snapshot.ResourceReach;
import dev.meshlog.engine.snapshot.Workload;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dependency keys one input may reach, and the proxy whose own workload it is: the engine's {@link ResourceReach}
 * without the states. Where the engine looks whether a host came, went or changed hands (and then adds "any host" and
 * the host namespaces), this assumes it did: a superset only costs an extra assembly, which gives the same content,
 * never a wrong version.
 */
record Touch(Set<String> keys, boolean anyHostNamespace, Set<String> ownProxies) {

  private static final String HOST_NAMESPACE_PREFIX = DependencyKeys.hostNamespace("");

  static Touch of(Optional<MeshResource> was, Optional<MeshResource> now) {
    Set<String> keys = new HashSet<>();
    Set<String> own = new HashSet<>();
    boolean hostSet = false;
    for (Optional<MeshResource> r : List.of(was, now)) {
      if (r.isEmpty()) {
        continue;
      }
      ResourceReach reach = ResourceReach.of(r.get());
      keys.addAll(reach.keys());
      hostSet |= !reach.hosts().isEmpty();
      if (r.get() instanceof Workload w) {
        w.proxyId().ifPresent(own::add);
      }
    }
    if (hostSet) {
      keys.add(DependencyKeys.ANY_HOST);
    }
    return new Touch(keys, hostSet, own);
  }

  /** True when the input may change what proxy {@code id}, whose last assembly read {@code dependencies}, is sent. */
  boolean reaches(String id, Set<String> dependencies) {
    if (ownProxies.contains(id)) {
      return true;
    }
    for (String key : dependencies) {
      if (keys.contains(key) || (anyHostNamespace && key.startsWith(HOST_NAMESPACE_PREFIX))) {
        return true;
      }
    }
    return false;
  }
}
