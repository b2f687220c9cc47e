package dev.meshlog.engine.snapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one resource reaches, whatever the state around it: the {@link DependencyKeys} a proxy's assembly records
 * when it reads the resource, and the hosts the resource adds to the mesh's host set (an endpoint workload's service
 * host, a ServiceEntry's hosts). Whether such a host came, went or changed hands depends on the states before and
 * after a change, so {@link MeshFold} decides that; the replay's walk back, which has no states, assumes it did.
 * One rule for both, so the two cannot drift.
 *
 * @param keys the dependency keys, including {@link DependencyKeys#host} of every host in {@code hosts}
 * @param hosts the hosts this resource contributes to the host set
 */
public record ResourceReach(Set<String> keys, List<String> hosts) {

  public ResourceReach {
    keys = Set.copyOf(keys);
    hosts = List.copyOf(hosts);
  }

  public static ResourceReach of(MeshResource resource) {
    Set<String> keys = new HashSet<>();
    List<String> hosts = new ArrayList<>();
    if (resource instanceof Workload w) {
      if (w.isEndpoint()) {
        hosts.add(w.serviceHost().fqdn());
      }
    } else if (resource instanceof Service s) {
      keys.add(DependencyKeys.host(new ServiceHost(s.name(), s.namespace()).fqdn()));
    } else if (resource instanceof VirtualService vs) {
      vs.hosts().forEach(h -> keys.add(DependencyKeys.host(h)));
    } else if (resource instanceof DestinationRule dr) {
      keys.add(DependencyKeys.host(dr.host()));
    } else if (resource instanceof ServiceEntry se) {
      hosts.addAll(se.hosts());
    } else if (resource instanceof PeerAuthentication pa) {
      keys.add(DependencyKeys.policyNamespace(pa.namespace()));
    } else if (resource instanceof AuthorizationPolicy ap) {
      keys.add(DependencyKeys.policyNamespace(ap.namespace()));
    } else if (resource instanceof Sidecar sc) {
      keys.add(DependencyKeys.policyNamespace(sc.namespace()));
    } else if (resource instanceof TrustRoots) {
      keys.add(DependencyKeys.TRUST_BUNDLE);
    }
    hosts.forEach(h -> keys.add(DependencyKeys.host(h)));
    return new ResourceReach(keys, hosts);
  }
}
