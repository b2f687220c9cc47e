package dev.meshlog.engine.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pure fold from mesh state to one proxy's configuration. For every host in the proxy's
 * {@link SidecarScope}: a route (the rules of the host's VirtualService as the proxy sees them, or all
 * traffic to the host's default cluster), its tcp routes, and the clusters they name with their
 * endpoints (with their workloads' SPIFFE identities) and resolved traffic policy; plus the proxy's inbound
 * policy, its trust domain and the roots it trusts. No Kafka, no Avro encoding,
 * no clock: same state in, same config out. It also records which {@link DependencyKeys} it read.
 */
public final class SnapshotAssembler {

  private SnapshotAssembler() {}

  /** The assembly of every registered proxy, by proxy id. */
  public static SortedMap<String, Assembly> assembleAll(MeshState state) {
    ClusterCache clusters = new ClusterCache(state);
    SortedMap<String, Assembly> all = new TreeMap<>();
    state.proxies().forEach((id, proxy) -> all.put(id, assemble(clusters, proxy)));
    return all;
  }

  /** The assembly of {@code proxy}, a workload with a proxy id. */
  public static Assembly assemble(MeshState state, Workload proxy) {
    return assemble(new ClusterCache(state), proxy);
  }

  /** The same, sharing built clusters with the other proxies assembled on {@code clusters}' state. */
  static Assembly assemble(ClusterCache clusters, Workload proxy) {
    MeshState state = clusters.state();
    String proxyId = proxy.proxyId().orElseThrow(() -> new IllegalArgumentException(proxy.name() + " has no proxy id"));
    SortedSet<String> keys = new TreeSet<>();
    keys.add(DependencyKeys.policyNamespace(proxy.namespace()));
    keys.add(DependencyKeys.MESH_WIDE);
    keys.add(DependencyKeys.TRUST_BUNDLE);
    SidecarScope scope = SidecarScope.of(state, proxy);
    scope.addDependencies(keys);

    try {
      return build(clusters, proxy, proxyId, scope, keys);
    } catch (InvalidSnapshotException e) {
      return new Assembly.Rejected(proxyId, e.getMessage(), keys);
    } catch (RuntimeException e) {
      // a bug for one proxy must not stop the builder for all: held back and counted like an inconsistent
      // snapshot (its dependency keys may be incomplete; the next change to the proxy itself retries it)
      return new Assembly.Rejected(proxyId, "cannot assemble: " + e, keys);
    }
  }

  private static Assembly build(ClusterCache cache, Workload proxy, String proxyId, SidecarScope scope, SortedSet<String> keys) {
    MeshState state = cache.state();
    SortedMap<String, MeshHost> hosts = state.hosts();
    ClusterDemand demand = new ClusterDemand(hosts, keys);
    RouteTranslation translation = new RouteTranslation(proxy, demand::destination);
    List<ProxyConfig.Route> routes = new ArrayList<>();
    List<ProxyConfig.TcpRoute> tcpRoutes = new ArrayList<>();
    for (MeshHost host : scope.candidates(state).values()) {
      if (!scope.includes(host)) {
        continue;
      }
      keys.add(DependencyKeys.host(host.fqdn()));
      ClusterKey fallback = new ClusterKey(host.fqdn(), Optional.empty(), host.defaultPort());
      demand.require(fallback, Optional.empty());
      List<String> provenance = new ArrayList<>();
      Optional<VirtualService> vs = state.virtualServiceFor(host.fqdn());
      demand.naming(vs.map(VirtualService::subject));
      List<ProxyConfig.Rule> rules = vs.map(translation::http).orElse(List.of());
      if (rules.isEmpty()) {
        rules = List.of(new ProxyConfig.Rule("", List.of(new ProxyConfig.WeightedCluster(fallback.name(), 100))));
      } else {
        provenance.add(vs.get().subject());
        // a subset's DestinationRule shaped the route too: it decides where the split goes
        rules.forEach(rule -> rule.clusters().forEach(c -> demand.key(c.cluster()).filter(k -> k.subset().isPresent())
            .flatMap(k -> state.destinationRuleFor(k.host())).ifPresent(dr -> provenance.add(dr.subject()))));
      }
      routes.add(new ProxyConfig.Route(host.fqdn(), host.defaultPort(), host.domainsFrom(proxy.namespace()), rules, provenance));
      vs.ifPresent(v -> tcpRoutes.addAll(translation.tcp(v, host)));
      demand.naming(Optional.empty());
    }

    List<ProxyConfig.Cluster> clusters = new ArrayList<>();
    for (Map.Entry<ClusterKey, SortedSet<String>> entry : demand.clusters().entrySet()) {
      clusters.add(cache.cluster(entry.getKey(), entry.getValue()));
    }
    ProxyConfig.Inbound inbound = InboundPolicies.resolve(state, proxy);
    return new Assembly.Built(
        new ProxyConfig(proxyId, routes, clusters, tcpRoutes, inbound, state.trustDomain(), state.trustBundle()), keys);
  }
}
