package dev.meshlog.engine.snapshot;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which hosts a proxy gets configuration for, as Istio's Sidecar resource decides it: the Sidecar in
 * the proxy's namespace whose workload selector matches it, else the one of its namespace without a
 * selector, else the root namespace's one without a selector, else no scope (every host).
 * Several candidates at one level: the first by subject (Istio takes the oldest; the log's order of
 * creation is not kept for Sidecars, and subject order is at least the same on every replay).
 */
public record SidecarScope(Optional<Sidecar> sidecar) {

  public static SidecarScope of(MeshState state, Workload proxy) {
    Collection<Sidecar> own = state.sidecarsIn(proxy.namespace()).values();
    Optional<Sidecar> chosen = own.stream()
        .filter(s -> !s.workloadSelector().isEmpty() && proxy.matches(s.workloadSelector()))
        .min(Comparator.comparing(Sidecar::subject));
    if (chosen.isEmpty()) {
      chosen = own.stream().filter(s -> s.workloadSelector().isEmpty()).min(Comparator.comparing(Sidecar::subject));
    }
    if (chosen.isEmpty()) {
      chosen = state.sidecarsIn(MeshState.ROOT_NAMESPACE).values().stream()
          .filter(s -> s.workloadSelector().isEmpty())
          .min(Comparator.comparing(Sidecar::subject));
    }
    return new SidecarScope(chosen);
  }

  /**
   * Whether {@code host} is in scope. Egress ports are not looked at: Meshlog has one listener per
   * proxy, so a host named on any egress listener is in scope.
   */
  public boolean includes(MeshHost host) {
    if (sidecar.isEmpty()) {
      return true;
    }
    for (Sidecar.Egress egress : sidecar.get().egress()) {
      for (String entry : egress.hosts()) {
        if (matches(entry, host)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The hosts {@link #includes} may accept, by name: those of the namespaces the egress entries name, or
   * every host when an entry names any namespace or there is no Sidecar. Assembly filters these instead of
   * every host of the mesh, so a proxy costs its scope, not the mesh's size.
   */
  public SortedMap<String, MeshHost> candidates(MeshState state) {
    if (sidecar.isEmpty()) {
      return state.hosts();
    }
    SortedSet<String> namespaces = new TreeSet<>();
    for (Sidecar.Egress egress : sidecar.get().egress()) {
      for (String entry : egress.hosts()) {
        String ns = namespaceOf(entry);
        if (ns.equals("*")) {
          return state.hosts();
        }
        if (!ns.equals("~")) {
          namespaces.add(ns); // "~" is Istio's "no namespace": no host has it
        }
      }
    }
    if (namespaces.size() == 1) {
      return state.hostsIn(namespaces.first());
    }
    SortedMap<String, MeshHost> hosts = new TreeMap<>();
    namespaces.forEach(ns -> hosts.putAll(state.hostsIn(ns)));
    return hosts;
  }

  /** Adds the keys a change must touch to reach this scope's proxy: host sets it reads, beyond the hosts it got. */
  public void addDependencies(Set<String> keys) {
    if (sidecar.isEmpty()) {
      keys.add(DependencyKeys.ANY_HOST);
      return;
    }
    for (Sidecar.Egress egress : sidecar.get().egress()) {
      for (String entry : egress.hosts()) {
        String ns = namespaceOf(entry);
        String dns = dnsOf(entry);
        boolean pattern = dns.equals("*") || dns.startsWith("*.");
        if (!pattern) {
          keys.add(DependencyKeys.host(dns)); // an exact name: touched when that host comes or goes
        } else if (ns.equals("*")) {
          keys.add(DependencyKeys.ANY_HOST);
        } else if (!ns.equals("~")) {
          keys.add(DependencyKeys.hostNamespace(ns));
        }
      }
    }
  }

  private boolean matches(String entry, MeshHost host) {
    String ns = namespaceOf(entry);
    if (!ns.equals("*") && !ns.equals(host.namespace())) {
      return false; // also "~", Istio's "no namespace", which no host has
    }
    String dns = dnsOf(entry);
    if (dns.equals("*")) {
      return true;
    }
    if (dns.startsWith("*.")) {
      return host.fqdn().endsWith(dns.substring(1));
    }
    return dns.equals(host.fqdn());
  }

  /** The entry's namespace part, {@code .} being the Sidecar's own namespace. */
  private String namespaceOf(String entry) {
    int slash = entry.indexOf('/');
    String ns = slash < 0 ? "*" : entry.substring(0, slash);
    return ns.equals(".") ? sidecar.orElseThrow().namespace() : ns;
  }

  private static String dnsOf(String entry) {
    int slash = entry.indexOf('/');
    return slash < 0 ? entry : entry.substring(slash + 1);
  }
}
