package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The snapshot builder's view of the mesh: every live resource by its record key, one map per kind, and
 * the trust domain with its latest roots.
 * Immutable; {@link #apply} returns the next state, copying only the map of the kind that changed.
 * Maps are sorted by key so that every query answers in the same order on every replay. Queries
 * by host or proxy go through a {@link MeshIndex} built on first use, once per state.
 */
public final class MeshState {

  /** Istio's root namespace: mesh-wide PeerAuthentication, AuthorizationPolicy and the default Sidecar live here. */
  public static final String ROOT_NAMESPACE = "istio-system";

  private static final Class<?> FROZEN = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

  /** No resources, in the default trust domain. */
  public static final MeshState EMPTY = empty(WorkloadIdentity.DEFAULT_TRUST_DOMAIN);

  /** The engine's trust domain: configuration, not an event, but every snapshot and endpoint identity names it. */
  private final String trustDomain;
  /** The latest bundle of {@link #trustDomain}; bundles of other trust domains are never folded in. */
  private final Optional<TrustRoots> trustRoots;

  private final SortedMap<String, Workload> workloads;
  private final SortedMap<String, Service> services;
  private final SortedMap<String, VirtualService> virtualServices;
  private final SortedMap<String, DestinationRule> destinationRules;
  private final SortedMap<String, ServiceEntry> serviceEntries;
  private final SortedMap<String, PeerAuthentication> peerAuthentications;
  private final SortedMap<String, AuthorizationPolicy> authorizationPolicies;
  private final SortedMap<String, Sidecar> sidecars;
  // Built on first query. A state is used by one stream thread; MeshIndex has only final fields, so
  // even a racing reader sees a complete index (at worst it is built twice).
  private MeshIndex index;

  private MeshState(String trustDomain, Optional<TrustRoots> trustRoots, SortedMap<String, Workload> workloads, SortedMap<String, Service> services,
      SortedMap<String, VirtualService> virtualServices, SortedMap<String, DestinationRule> destinationRules,
      SortedMap<String, ServiceEntry> serviceEntries, SortedMap<String, PeerAuthentication> peerAuthentications,
      SortedMap<String, AuthorizationPolicy> authorizationPolicies, SortedMap<String, Sidecar> sidecars) {
    this.trustDomain = WorkloadIdentity.requireTrustDomain(trustDomain);
    this.trustRoots = trustRoots;
    this.workloads = frozen(workloads);
    this.services = frozen(services);
    this.virtualServices = frozen(virtualServices);
    this.destinationRules = frozen(destinationRules);
    this.serviceEntries = frozen(serviceEntries);
    this.peerAuthentications = frozen(peerAuthentications);
    this.authorizationPolicies = frozen(authorizationPolicies);
    this.sidecars = frozen(sidecars);
  }

  /** No resources, in {@code trustDomain} (a DNS-like name). */
  public static MeshState empty(String trustDomain) {
    return new MeshState(trustDomain, Optional.empty(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
        new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  }

  public String trustDomain() {
    return trustDomain;
  }

  /** The roots of this state's trust domain (PEM, as published); empty until a bundle arrives or after its tombstone. */
  public List<String> trustBundle() {
    return trustRoots.map(TrustRoots::rootsPem).orElse(List.of());
  }

  public SortedMap<String, Workload> workloads() {
    return workloads;
  }

  public SortedMap<String, Service> services() {
    return services;
  }

  public SortedMap<String, VirtualService> virtualServices() {
    return virtualServices;
  }

  public SortedMap<String, DestinationRule> destinationRules() {
    return destinationRules;
  }

  public SortedMap<String, ServiceEntry> serviceEntries() {
    return serviceEntries;
  }

  public SortedMap<String, PeerAuthentication> peerAuthentications() {
    return peerAuthentications;
  }

  public SortedMap<String, AuthorizationPolicy> authorizationPolicies() {
    return authorizationPolicies;
  }

  public SortedMap<String, Sidecar> sidecars() {
    return sidecars;
  }

  private MeshIndex index() {
    MeshIndex built = index;
    if (built == null) {
      built = new MeshIndex(this);
      index = built;
    }
    return built;
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
    if (resource instanceof TrustRoots roots) {
      // another trust domain's roots are not ours to trust (the builder already drops them at the edge)
      return roots.trustDomain().equals(trustDomain) && key.equals(roots.key())
          ? new MeshState(trustDomain, Optional.of(roots), s.workloads, s.services, s.virtualServices, s.destinationRules,
              s.serviceEntries, s.peerAuthentications, s.authorizationPolicies, s.sidecars)
          : this;
    }
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
    return new MeshState(trustDomain, trustRoots, w, sv, vs, dr, se, pa, ap, sc);
  }

  /** The resource under {@code key}, whatever its kind. */
  public Optional<MeshResource> resource(String key) {
    if (trustRoots.isPresent() && trustRoots.get().key().equals(key)) {
      return Optional.of(trustRoots.get());
    }
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
    return index().proxies;
  }

  public Optional<Workload> proxy(String proxyId) {
    return Optional.ofNullable(index().proxies.get(proxyId));
  }

  /**
   * Every host a proxy could reach, by name: services with at least one endpoint, and ServiceEntry
   * hosts (a service wins a name clash, then the first entry by subject).
   */
  public SortedMap<String, MeshHost> hosts() {
    return index().hosts;
  }

  public Optional<MeshHost> host(String fqdn) {
    return index().host(fqdn);
  }

  /** Endpoints of the service whose fully qualified name is {@code fqdn}, in key order. */
  public List<Workload> endpointsOf(String fqdn) {
    return index().endpointsByHost.getOrDefault(fqdn, List.of());
  }

  /** The VirtualService for a host; several: the oldest wins, as in Istio. */
  public Optional<VirtualService> virtualServiceFor(String fqdn) {
    return Optional.ofNullable(index().virtualServiceByHost.get(fqdn));
  }

  /** The DestinationRule for a host; several: the oldest wins. */
  public Optional<DestinationRule> destinationRuleFor(String fqdn) {
    return Optional.ofNullable(index().destinationRuleByHost.get(fqdn));
  }

  public Optional<ServiceEntry> serviceEntry(String subject) {
    return Optional.ofNullable(serviceEntries.get(subject));
  }

  private MeshState without(String key) {
    Optional<TrustRoots> roots = trustRoots.filter(r -> !r.key().equals(key));
    return new MeshState(trustDomain, roots, drop(workloads, key), drop(services, key), drop(virtualServices, key), drop(destinationRules, key),
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
