package dev.meshlog.engine.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The lookups assembly makes for every cluster of every proxy (endpoints of a host, the host itself,
 * the VirtualService and DestinationRule that win a host, proxies by id), answered from maps built in
 * one pass over a {@link MeshState} instead of a scan of every workload per question: with a
 * thousand proxies that scan was most of the time from a policy event to its snapshots.
 */
final class MeshIndex {

  private static final Comparator<Ordered> OLDEST_FIRST = Comparator.comparingLong(Ordered::created).thenComparing(Ordered::subject);

  final Map<String, List<Workload>> endpointsByHost;
  final SortedMap<String, MeshHost> hosts;
  final SortedMap<String, Workload> proxies;
  final Map<String, VirtualService> virtualServiceByHost;
  final Map<String, DestinationRule> destinationRuleByHost;

  MeshIndex(MeshState state) {
    Map<String, List<Workload>> endpoints = new HashMap<>();
    SortedMap<String, Workload> byProxy = new TreeMap<>();
    // workloads iterate in key order, so every list below is in key order and the first claim wins
    for (Workload w : state.workloads().values()) {
      if (w.isEndpoint()) {
        endpoints.computeIfAbsent(w.serviceHost().fqdn(), h -> new ArrayList<>()).add(w);
      }
      w.proxyId().ifPresent(id -> byProxy.putIfAbsent(id, w));
    }
    SortedMap<String, MeshHost> all = new TreeMap<>();
    endpoints.forEach((fqdn, list) -> all.put(fqdn, MeshHost.of(list.get(0).serviceHost())));
    state.serviceEntries().values().forEach(se -> se.hosts().forEach(h -> all.putIfAbsent(h, MeshHost.of(h, se))));

    Map<String, VirtualService> vs = new HashMap<>();
    state.virtualServices().values().forEach(v -> v.hosts().forEach(h -> vs.merge(h, v, MeshIndex::older)));
    Map<String, DestinationRule> dr = new HashMap<>();
    state.destinationRules().values().forEach(r -> dr.merge(r.host(), r, MeshIndex::older));

    endpoints.replaceAll((fqdn, list) -> List.copyOf(list));
    this.endpointsByHost = Collections.unmodifiableMap(endpoints);
    this.hosts = Collections.unmodifiableSortedMap(all);
    this.proxies = Collections.unmodifiableSortedMap(byProxy);
    this.virtualServiceByHost = Collections.unmodifiableMap(vs);
    this.destinationRuleByHost = Collections.unmodifiableMap(dr);
  }

  Optional<MeshHost> host(String fqdn) {
    return Optional.ofNullable(hosts.get(fqdn));
  }

  private static <T extends Ordered> T older(T a, T b) {
    return OLDEST_FIRST.compare(a, b) <= 0 ? a : b;
  }
}
