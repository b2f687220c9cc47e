package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The snapshot builder's view of the mesh: every live resource by its record key. Immutable;
 * {@link #apply} returns the next state. Maps are sorted by key so that every query answers in the
 * same order on every replay (first VirtualService for a host wins, by subject).
 */
public record MeshState(
    SortedMap<String, Workload> workloads,
    SortedMap<String, Service> services,
    SortedMap<String, VirtualService> virtualServices,
    SortedMap<String, DestinationRule> destinationRules) {

  public static final MeshState EMPTY = new MeshState(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

  public MeshState {
    workloads = frozen(workloads);
    services = frozen(services);
    virtualServices = frozen(virtualServices);
    destinationRules = frozen(destinationRules);
  }

  /** The state after {@code change}. A key names one kind, so a removal clears it wherever it is. */
  public MeshState apply(MeshChange change) {
    var w = new TreeMap<>(workloads);
    var s = new TreeMap<>(services);
    var vs = new TreeMap<>(virtualServices);
    var dr = new TreeMap<>(destinationRules);
    String key = change.key();
    w.remove(key);
    s.remove(key);
    vs.remove(key);
    dr.remove(key);
    if (change instanceof MeshChange.Put put) {
      MeshResource resource = put.resource();
      if (resource instanceof Workload workload) {
        w.put(key, workload);
      } else if (resource instanceof Service service) {
        s.put(key, service);
      } else if (resource instanceof VirtualService virtualService) {
        vs.put(key, virtualService);
      } else if (resource instanceof DestinationRule rule) {
        dr.put(key, rule);
      }
    }
    return new MeshState(w, s, vs, dr);
  }

  /** Registered proxies by proxy id; if two workloads claim one id, the first by key wins. */
  public SortedMap<String, Workload> proxies() {
    SortedMap<String, Workload> proxies = new TreeMap<>();
    workloads.values().forEach(w -> w.proxyId().ifPresent(id -> proxies.putIfAbsent(id, w)));
    return proxies;
  }

  /** Services a caller can reach: those with at least one endpoint. */
  public SortedSet<ServiceHost> reachableServices() {
    SortedSet<ServiceHost> hosts = new TreeSet<>();
    workloads.values().stream().filter(Workload::isEndpoint).forEach(w -> hosts.add(w.serviceHost()));
    return hosts;
  }

  /** Endpoints of the service whose fully qualified name is {@code fqdn}, in key order. */
  public List<Workload> endpointsOf(String fqdn) {
    return workloads.values().stream()
        .filter(Workload::isEndpoint)
        .filter(w -> w.serviceHost().fqdn().equals(fqdn))
        .toList();
  }

  public Optional<VirtualService> virtualServiceFor(String fqdn) {
    return virtualServices.values().stream().filter(v -> v.hosts().contains(fqdn)).findFirst();
  }

  public Optional<DestinationRule> destinationRuleFor(String fqdn) {
    return destinationRules.values().stream().filter(r -> r.host().equals(fqdn)).findFirst();
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
