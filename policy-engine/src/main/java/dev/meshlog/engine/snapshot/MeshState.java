package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The snapshot builder's view of the mesh: every live resource by its record key, one map per kind.
 * Immutable; {@link #apply} returns the next state, copying only the map of the kind that changed.
 * Maps are sorted by key so that every query answers in the same order on every replay.
 */
public record MeshState(
    SortedMap<String, Workload> workloads,
    SortedMap<String, Service> services,
    SortedMap<String, VirtualService> virtualServices,
    SortedMap<String, DestinationRule> destinationRules,
    SortedMap<String, ServiceEntry> serviceEntries,
    SortedMap<String, PeerAuthentication> peerAuthentications,
    SortedMap<String, AuthorizationPolicy> authorizationPolicies,
    SortedMap<String, Sidecar> sidecars) {

  /** Istio's root namespace: mesh-wide PeerAuthentication, AuthorizationPolicy and the default Sidecar live here. */
  public static final String ROOT_NAMESPACE = "istio-system";

  private static final Class<?> FROZEN = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();
  private static final Comparator<Ordered> OLDEST_FIRST = Comparator.comparingLong(Ordered::created).thenComparing(Ordered::subject);

  public static final MeshState EMPTY = new MeshState(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
      new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

  public MeshState {
    workloads = frozen(workloads);
    services = frozen(services);
    virtualServices = frozen(virtualServices);
    destinationRules = frozen(destinationRules);
    serviceEntries = frozen(serviceEntries);
    peerAuthentications = frozen(peerAuthentications);
    authorizationPolicies = frozen(authorizationPolicies);
    sidecars = frozen(sidecars);
  }

  /**
   * The state after {@code change}. A key names one kind, so a removal clears it wherever it is. An
   * update of a VirtualService or DestinationRule keeps the creation sequence of the one it replaces
   * (Istio's "oldest wins" looks at creation, not at the last edit).
   */
  public MeshState apply(MeshChange change) {
    String key = change.key();
    MeshState s = without(key);
    if (!(change instanceof MeshChange.Put put)) {
      return s;
    }
    MeshResource resource = put.resource();
    if (resource instanceof VirtualService updated && virtualServices.containsKey(key)) {
      resource = updated.withCreated(virtualServices.get(key).created());
    } else if (resource instanceof DestinationRule updated && destinationRules.containsKey(key)) {
      resource = updated.withCreated(destinationRules.get(key).created());
    }
    SortedMap<String, Workload> w = s.workloads;
    SortedMap<String, Service> sv = s.services;
    SortedMap<String, VirtualService> vs = s.virtualServices;
    SortedMap<String, DestinationRule> dr = s.destinationRules;
    SortedMap<String, ServiceEntry> se = s.serviceEntries;
    SortedMap<String, PeerAuthentication> pa = s.peerAuthentications;
    SortedMap<String, AuthorizationPolicy> ap = s.authorizationPolicies;
    SortedMap<String, Sidecar> sc = s.sidecars;
    if (resource instanceof Workload r) {
      w = with(w, key, r);
    } else if (resource instanceof Service r) {
      sv = with(sv, key, r);
    } else if (resource instanceof VirtualService r) {
      vs = with(vs, key, r);
    } else if (resource instanceof DestinationRule r) {
      dr = with(dr, key, r);
    } else if (resource instanceof ServiceEntry r) {
      se = with(se, key, r);
    } else if (resource instanceof PeerAuthentication r) {
      pa = with(pa, key, r);
    } else if (resource instanceof AuthorizationPolicy r) {
      ap = with(ap, key, r);
    } else if (resource instanceof Sidecar r) {
      sc = with(sc, key, r);
    }
    return new MeshState(w, sv, vs, dr, se, pa, ap, sc);
  }

  /** The resource under {@code key}, whatever its kind. */
  public Optional<MeshResource> resource(String key) {
    for (SortedMap<String, ? extends MeshResource> map : List.of(workloads, services, virtualServices, destinationRules,
        serviceEntries, peerAuthentications, authorizationPolicies, sidecars)) {
      MeshResource r = map.get(key);
      if (r != null) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Registered proxies by proxy id; if two workloads claim one id, the first by key wins. */
  public SortedMap<String, Workload> proxies() {
    SortedMap<String, Workload> proxies = new TreeMap<>();
    workloads.values().forEach(w -> w.proxyId().ifPresent(id -> proxies.putIfAbsent(id, w)));
    return proxies;
  }

  public Optional<Workload> proxy(String proxyId) {
    return workloads.values().stream().filter(w -> w.proxyId().filter(proxyId::equals).isPresent()).findFirst();
  }

  /**
   * Every host a proxy could reach, by name: services with at least one endpoint, and ServiceEntry
   * hosts (a service wins a name clash, then the first entry by subject).
   */
  public SortedMap<String, MeshHost> hosts() {
    SortedMap<String, MeshHost> hosts = new TreeMap<>();
    workloads.values().stream().filter(Workload::isEndpoint).forEach(w -> hosts.putIfAbsent(w.serviceHost().fqdn(), MeshHost.of(w.serviceHost())));
    serviceEntries.values().forEach(se -> se.hosts().forEach(h -> hosts.putIfAbsent(h, MeshHost.of(h, se))));
    return hosts;
  }

  public Optional<MeshHost> host(String fqdn) {
    Optional<Workload> endpoint = workloads.values().stream()
        .filter(w -> w.isEndpoint() && w.serviceHost().fqdn().equals(fqdn)).findFirst();
    if (endpoint.isPresent()) {
      return Optional.of(MeshHost.of(endpoint.get().serviceHost()));
    }
    return serviceEntries.values().stream().filter(se -> se.hosts().contains(fqdn)).findFirst().map(se -> MeshHost.of(fqdn, se));
  }

  /** Endpoints of the service whose fully qualified name is {@code fqdn}, in key order. */
  public List<Workload> endpointsOf(String fqdn) {
    return workloads.values().stream()
        .filter(Workload::isEndpoint)
        .filter(w -> w.serviceHost().fqdn().equals(fqdn))
        .toList();
  }

  /** The VirtualService for a host; several: the oldest wins, as in Istio. */
  public Optional<VirtualService> virtualServiceFor(String fqdn) {
    return virtualServices.values().stream().filter(v -> v.hosts().contains(fqdn)).min(OLDEST_FIRST);
  }

  /** The DestinationRule for a host; several: the oldest wins. */
  public Optional<DestinationRule> destinationRuleFor(String fqdn) {
    return destinationRules.values().stream().filter(r -> r.host().equals(fqdn)).min(OLDEST_FIRST);
  }

  public Optional<ServiceEntry> serviceEntry(String subject) {
    return Optional.ofNullable(serviceEntries.get(subject));
  }

  private MeshState without(String key) {
    return new MeshState(drop(workloads, key), drop(services, key), drop(virtualServices, key), drop(destinationRules, key),
        drop(serviceEntries, key), drop(peerAuthentications, key), drop(authorizationPolicies, key), drop(sidecars, key));
  }

  private static <V> SortedMap<String, V> drop(SortedMap<String, V> map, String key) {
    if (!map.containsKey(key)) {
      return map;
    }
    TreeMap<String, V> copy = new TreeMap<>(map);
    copy.remove(key);
    return Collections.unmodifiableSortedMap(copy);
  }

  private static <V> SortedMap<String, V> with(SortedMap<String, V> map, String key, V value) {
    TreeMap<String, V> copy = new TreeMap<>(map);
    copy.put(key, value);
    return Collections.unmodifiableSortedMap(copy);
  }

  /**
   * An unmodifiable sorted copy; a map that already is one (every map {@link #apply} passes on) is
   * kept as it is, so an event costs a copy of one kind's map, not of the whole mesh.
   */
  @SuppressWarnings("unchecked")
  private static <V> SortedMap<String, V> frozen(Map<String, V> map) {
    if (map.getClass() == FROZEN) {
      return (SortedMap<String, V>) map;
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
