package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.MtlsMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A proxy's inbound policy, as Istio resolves it. mTLS: the PeerAuthentication of the proxy's
 * namespace whose selector matches it, else its namespace-wide one, else the root namespace's
 * mesh-wide one; a level saying UNSET inherits from the next. Port-level modes come only from the
 * workload-level policy (Istio ignores them elsewhere), an UNSET port inheriting the resolved mode.
 * Authorization: every AuthorizationPolicy of the proxy's namespace and of the root namespace whose
 * selector matches it (an empty selector matches all), sorted by subject.
 */
final class InboundPolicies {

  private InboundPolicies() {}

  static ProxyConfig.Inbound resolve(MeshState state, Workload proxy) {
    List<String> provenance = new ArrayList<>();
    Collection<PeerAuthentication> own = state.peerAuthenticationsIn(proxy.namespace()).values();
    Optional<PeerAuthentication> workload = own.stream()
        .filter(p -> !p.selector().isEmpty() && proxy.matches(p.selector())).min(Comparator.comparing(PeerAuthentication::subject));
    Optional<PeerAuthentication> namespace = own.stream()
        .filter(p -> p.selector().isEmpty()).min(Comparator.comparing(PeerAuthentication::subject));
    Optional<PeerAuthentication> mesh = state.peerAuthenticationsIn(MeshState.ROOT_NAMESPACE).values().stream()
        .filter(p -> p.selector().isEmpty())
        .min(Comparator.comparing(PeerAuthentication::subject));

    MtlsMode mode = MtlsMode.UNSET;
    for (Optional<PeerAuthentication> level : List.of(workload, namespace, mesh)) {
      if (mode == MtlsMode.UNSET && level.isPresent()) {
        provenance.add(level.get().subject());
        mode = level.get().mode();
      }
    }
    TreeMap<Integer, MtlsMode> ports = new TreeMap<>();
    if (workload.isPresent()) {
      provenance.add(workload.get().subject());
      for (Map.Entry<Integer, MtlsMode> port : workload.get().portLevelMtls().entrySet()) {
        ports.put(port.getKey(), port.getValue() == MtlsMode.UNSET ? mode : port.getValue());
      }
    }

    // the proxy's namespace's and the root's, in key order as one pass over every policy gave them
    SortedMap<String, AuthorizationPolicy> candidates = new TreeMap<>(state.authorizationPoliciesIn(proxy.namespace()));
    candidates.putAll(state.authorizationPoliciesIn(MeshState.ROOT_NAMESPACE));
    List<ProxyConfig.Authorization> authorization = candidates.values().stream()
        .filter(p -> proxy.matches(p.selector()))
        .map(p -> new ProxyConfig.Authorization(p.subject(), p.action(), p.rules()))
        .toList();
    authorization.forEach(a -> provenance.add(a.name()));
    return new ProxyConfig.Inbound(mode, ports, authorization, provenance);
  }
}
