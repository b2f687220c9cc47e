package dev.meshlog.engine.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The pure fold from mesh state to one proxy's configuration (the contract in the brief, "Snapshots"):
 * a route for every service that has an endpoint; its rule is the first HTTP route of the host's
 * VirtualService, or all traffic to {@code outbound|80||host}; a cluster for every service's default
 * and every cluster a rule names, with the endpoints its DestinationRule subset selects.
 * No Kafka, no Avro, no clock: same state in, same config out.
 */
public final class SnapshotAssembler {

  static final String LOAD_BALANCER = "ROUND_ROBIN";

  private SnapshotAssembler() {}

  /** The configuration of every registered proxy, by proxy id. */
  public static SortedMap<String, ProxyConfig> assembleAll(MeshState state) {
    SortedMap<String, ProxyConfig> configs = new TreeMap<>();
    state.proxies().forEach((id, proxy) -> configs.put(id, assemble(state, proxy)));
    return configs;
  }

  /** The configuration of {@code proxy}, a workload with a proxy id. */
  public static ProxyConfig assemble(MeshState state, Workload proxy) {
    String proxyId = proxy.proxyId().orElseThrow(() -> new IllegalArgumentException(proxy.name() + " has no proxy id"));
    List<ProxyConfig.Route> routes = new ArrayList<>();
    Map<String, ClusterKey> clusters = new TreeMap<>();
    for (ServiceHost service : state.reachableServices()) {
      String host = service.fqdn();
      List<String> provenance = new ArrayList<>();
      ProxyConfig.Rule rule = ruleFor(state, host, provenance);
      routes.add(new ProxyConfig.Route(host, ClusterKey.DEFAULT_PORT, service.domainsFrom(proxy.namespace()), List.of(rule), provenance));
      ClusterKey all = ClusterKey.allOf(host);
      clusters.put(all.name(), all);
      state.virtualServiceFor(host).ifPresent(vs -> firstHttpRoute(vs).ifPresent(route ->
          route.destinations().forEach(d -> clusters.put(d.cluster().name(), d.cluster()))));
    }
    List<ProxyConfig.Cluster> built = clusters.values().stream().map(key -> cluster(state, key)).toList();
    return new ProxyConfig(proxyId, routes, built);
  }

  private static ProxyConfig.Rule ruleFor(MeshState state, String host, List<String> provenance) {
    Optional<VirtualService> virtualService = state.virtualServiceFor(host);
    Optional<VirtualService.HttpRoute> route = virtualService.flatMap(SnapshotAssembler::firstHttpRoute);
    if (route.isEmpty()) {
      return new ProxyConfig.Rule("", List.of(new ProxyConfig.WeightedCluster(ClusterKey.allOf(host).name(), 100)));
    }
    provenance.add(virtualService.get().subject());
    List<ProxyConfig.WeightedCluster> targets = new ArrayList<>();
    for (VirtualService.Destination destination : route.get().destinations()) {
      targets.add(new ProxyConfig.WeightedCluster(destination.cluster().name(), destination.weight()));
      if (destination.subset().isPresent()) {
        state.destinationRuleFor(destination.host()).ifPresent(rule -> provenance.add(rule.subject()));
      }
    }
    return new ProxyConfig.Rule(route.get().name().orElse(""), targets);
  }

  private static Optional<VirtualService.HttpRoute> firstHttpRoute(VirtualService virtualService) {
    return virtualService.http().stream().filter(r -> !r.destinations().isEmpty()).findFirst();
  }

  /**
   * The endpoints of the host, narrowed to the subset's labels. A subset no DestinationRule defines
   * selects nothing: the cluster exists (the rule stays consistent) but is empty, so the proxy answers
   * "no healthy upstream" as Envoy does, instead of the whole snapshot being refused.
   */
  private static ProxyConfig.Cluster cluster(MeshState state, ClusterKey key) {
    List<Workload> all = state.endpointsOf(key.host());
    List<Workload> endpoints = key.subset().isEmpty() ? all : state.destinationRuleFor(key.host())
        .flatMap(rule -> rule.subset(key.subset().get()))
        .map(subset -> all.stream().filter(w -> w.matches(subset.labels())).toList())
        .orElse(List.of());
    List<ProxyConfig.Endpoint> built = endpoints.stream()
        .map(w -> new ProxyConfig.Endpoint(w.address(), w.port(), w.name(), w.labels()))
        .toList();
    return new ProxyConfig.Cluster(key.name(), key.host(), key.subset(), key.port(), LOAD_BALANCER, built);
  }
}
