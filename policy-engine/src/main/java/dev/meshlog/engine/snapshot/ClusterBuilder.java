package dev.meshlog.engine.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * One cluster: its endpoints (a service's workloads, or a ServiceEntry's addresses by its
 * resolution), narrowed to the subset's labels, and its resolved {@link TrafficPolicies}.
 */
final class ClusterBuilder {

  static final String STATIC = "STATIC";
  static final String DNS = "DNS";

  private ClusterBuilder() {}

  /**
   * A subset no DestinationRule defines selects nothing: the cluster exists (the rule stays
   * consistent) but is empty, so the proxy answers "no healthy upstream" as Envoy does, instead of
   * the whole snapshot being refused.
   */
  static ProxyConfig.Cluster build(MeshState state, SortedMap<String, MeshHost> hosts, ClusterKey key, SortedSet<String> namedBy) {
    List<String> provenance = new ArrayList<>(namedBy);
    Optional<DestinationRule> rule = state.destinationRuleFor(key.host());
    // the DestinationRule shaped this cluster if it picked its endpoints (a subset) or set its traffic policy
    rule.filter(r -> key.subset().isPresent() || r.trafficPolicy().isPresent()).ifPresent(r -> provenance.add(r.subject()));
    Optional<SortedMap<String, String>> subsetLabels = key.subset().isEmpty() ? Optional.of(new TreeMap<>())
        : rule.flatMap(r -> r.subset(key.subset().get())).map(DestinationRule.Subset::labels);
    TrafficSettings policy = TrafficPolicies.resolve(rule, key.port(), key.subset());

    Optional<ServiceEntry> entry = Optional.ofNullable(hosts.get(key.host())).flatMap(MeshHost::entry).flatMap(state::serviceEntry);
    if (entry.isPresent()) {
      ServiceEntry se = entry.get();
      provenance.add(se.subject());
      List<ProxyConfig.Endpoint> endpoints = subsetLabels.map(labels -> entryEndpoints(se, key, labels)).orElse(List.of());
      return new ProxyConfig.Cluster(key.name(), key.host(), key.subset(), key.port(), policy, endpoints, se.external(), se.resolution(),
          provenance);
    }
    List<ProxyConfig.Endpoint> endpoints = subsetLabels
        .map(labels -> state.endpointsOf(key.host()).stream().filter(w -> w.matches(labels))
            .map(w -> new ProxyConfig.Endpoint(w.address(), w.port(), w.name(), w.labels(), 1, WorkloadIdentity.of(state.trustDomain(), w)))
            .toList())
        .orElse(List.of());
    return new ProxyConfig.Cluster(key.name(), key.host(), key.subset(), key.port(), policy, endpoints, false, STATIC, provenance);
  }

  /**
   * Entry endpoints carry no identity: an address is not a workload the mesh CA issued a certificate to
   * (Istio would take a WorkloadEntry's service account, which ServiceEntry endpoints here do not have).
   *
   * <p>STATIC: each address on the port its {@code ports} map gives for the entry port's name, else the
   * port's targetPort, else the cluster port. DNS: the same with names, or the host itself when the
   * entry lists no endpoints (Istio resolves the host then). NONE: no endpoints, the proxy forwards
   * to the original destination.
   */
  private static List<ProxyConfig.Endpoint> entryEndpoints(ServiceEntry se, ClusterKey key, SortedMap<String, String> subset) {
    Optional<ServiceEntry.Port> port = se.port(key.port());
    int fallbackPort = port.flatMap(ServiceEntry.Port::targetPort).orElse(key.port());
    if (se.resolution().equals(DNS) && se.endpoints().isEmpty()) {
      return subset.isEmpty() ? List.of(new ProxyConfig.Endpoint(key.host(), fallbackPort, se.subject(), new TreeMap<>(), 1)) : List.of();
    }
    if (!se.resolution().equals(STATIC) && !se.resolution().equals(DNS)) {
      return List.of();
    }
    return se.endpoints().stream()
        .filter(e -> e.matches(subset))
        .map(e -> new ProxyConfig.Endpoint(e.address(), port.map(p -> e.ports().get(p.name())).orElse(fallbackPort),
            se.subject(), e.labels(), e.weight().orElse(1)))
        .toList();
  }
}
