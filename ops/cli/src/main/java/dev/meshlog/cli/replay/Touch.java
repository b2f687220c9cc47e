package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.AuthorizationPolicy;
import dev.meshlog.engine.snapshot.DependencyKeys;
import dev.meshlog.engine.snapshot.DestinationRule;
import dev.meshlog.engine.snapshot.MeshResource;
import dev.meshlog.engine.snapshot.PeerAuthentication;
import dev.meshlog.engine.snapshot.Service;
import dev.meshlog.engine.snapshot.ServiceEntry;
import dev.meshlog.engine.snapshot.ServiceHost;
import dev.meshlog.engine.snapshot.Sidecar;
import dev.meshlog.engine.snapshot.TrustRoots;
import dev.meshlog.engine.snapshot.VirtualService;
import dev.meshlog.engine.snapshot.Workload;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dependency keys one input may reach, and the proxy whose own workload it is: {@code MeshFold.touch} without the
 * states. Where the engine looks whether a host came, went or changed hands (and then adds "any host" and the host
 * namespaces), this assumes it did: a superset only costs an extra assembly, which gives the same content, never a
 * wrong version.
 */
record Touch(Set<String> keys, boolean anyHostNamespace, Set<String> ownProxies) {

  private static final String HOST_NAMESPACE_PREFIX = DependencyKeys.hostNamespace("");

  static Touch of(Optional<MeshResource> was, Optional<MeshResource> now) {
    Set<String> keys = new HashSet<>();
    Set<String> own = new HashSet<>();
    boolean[] hostSet = {false};
    for (Optional<MeshResource> r : List.of(was, now)) {
      r.ifPresent(resource -> {
        if (resource instanceof Workload w) {
          w.proxyId().ifPresent(own::add);
          if (w.isEndpoint()) {
            keys.add(DependencyKeys.host(w.serviceHost().fqdn()));
            hostSet[0] = true;
          }
        } else if (resource instanceof Service s) {
          keys.add(DependencyKeys.host(new ServiceHost(s.name(), s.namespace()).fqdn()));
        } else if (resource instanceof VirtualService vs) {
          vs.hosts().forEach(h -> keys.add(DependencyKeys.host(h)));
        } else if (resource instanceof DestinationRule dr) {
          keys.add(DependencyKeys.host(dr.host()));
        } else if (resource instanceof ServiceEntry se) {
          se.hosts().forEach(h -> keys.add(DependencyKeys.host(h)));
          hostSet[0] = true;
        } else if (resource instanceof PeerAuthentication pa) {
          keys.add(DependencyKeys.policyNamespace(pa.namespace()));
        } else if (resource instanceof AuthorizationPolicy ap) {
          keys.add(DependencyKeys.policyNamespace(ap.namespace()));
        } else if (resource instanceof Sidecar sc) {
          keys.add(DependencyKeys.policyNamespace(sc.namespace()));
        } else if (resource instanceof TrustRoots) {
          keys.add(DependencyKeys.TRUST_BUNDLE);
        }
      });
    }
    if (hostSet[0]) {
      keys.add(DependencyKeys.ANY_HOST);
    }
    return new Touch(keys, hostSet[0], own);
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
