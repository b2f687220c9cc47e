package dev.meshlog.engine.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The snapshot builder's view of the mesh: every live resource by its record key, one map per kind, and
 * the trust domain with its latest roots.
 * Immutable; {@link #apply} returns the next state in O(log n): the maps are {@link PersistentSortedMap}s
 * that share all but one path with the state before, and the {@link MeshIndex} behind the queries by
 * host or proxy is updated by the change, not rebuilt. Older states stay valid (the fold compares the
 * state before and after an event; replay keeps earlier ones). Maps are sorted by key so that every
 * query answers in the same order on every replay.
 */
public final class MeshState {

  /** Istio's root namespace: mesh-wide PeerAuthentication, AuthorizationPolicy and the default Sidecar live here. */
  public static final String ROOT_NAMESPACE = "istio-system";

  /** No resources, in the default trust domain. */
  public static final MeshState EMPTY = empty(WorkloadIdentity.DEFAULT_TRUST_DOMAIN);

  /** The engine's trust domain: configuration, not an event, but every snapshot and endpoint identity names it. */
  private final String trustDomain;
  /** The latest bundle of {@link #trustDomain}; bundles of other trust domains are never folded in. */
  private final Optional<TrustRoots> trustRoots;

  private final PersistentSortedMap<String, Workload> workloads;
  private final PersistentSortedMap<String, Service> services;
  private final PersistentSortedMap<String, VirtualService> virtualServices;
  private final PersistentSortedMap<String, DestinationRule> destinationRules;
  private final PersistentSortedMap<String, ServiceEntry> serviceEntries;
  private final PersistentSortedMap<String, PeerAuthentication> peerAuthentications;
  private final PersistentSortedMap<String, AuthorizationPolicy> authorizationPolicies;
  private final PersistentSortedMap<String, Sidecar> sidecars;
  private final MeshIndex index;

  private MeshState(String trustDomain, Optional<TrustRoots> trustRoots, PersistentSortedMap<String, Workload> workloads,
      PersistentSortedMap<String, Service> services, PersistentSortedMap<String, VirtualService> virtualServices,
      PersistentSortedMap<String, DestinationRule> destinationRules, PersistentSortedMap<String, ServiceEntry> serviceEntries,
      PersistentSortedMap<String, PeerAuthentication> peerAuthentications,
      PersistentSortedMap<String, AuthorizationPolicy> authorizationPolicies, PersistentSortedMap<String, Sidecar> sidecars,
      MeshIndex index) {
    this.trustDomain = WorkloadIdentity.requireTrustDomain(trustDomain);
    this.trustRoots = trustRoots;
    this.workloads = workloads;
    this.services = services;
    this.virtualServices = virtualServices;
    this.destinationRules = destinationRules;
    this.serviceEntries = serviceEntries;
    this.peerAuthentications = peerAuthentications;
    this.authorizationPolicies = authorizationPolicies;
    this.sidecars = sidecars;
    this.index = index;
  }

  /** No resources, in {@code trustDomain} (a DNS-like name). */
  public static MeshState empty(String trustDomain) {
    return new MeshState(trustDomain, Optional.empty(), PersistentSortedMap.empty(), PersistentSortedMap.empty(),
        PersistentSortedMap.empty(), PersistentSortedMap.empty(), PersistentSortedMap.empty(), PersistentSortedMap.empty(),
        PersistentSortedMap.empty(), PersistentSortedMap.empty(), MeshIndex.EMPTY);
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

  /**
   * The state after {@code change}. A key names one kind, so a removal clears it wherever it is. An
   * update of a VirtualService or DestinationRule keeps the creation sequence of the one it replaces
   * (Istio's "oldest wins" looks at creation, not at the last edit).
   */
  public MeshState apply(MeshChange change) {
    String key = change.key();
    Optional<MeshResource> was = stored(key);
    MeshState s = without(key, was);
    if (!(change instanceof MeshChange.Put put)) {
      return s;
    }
    MeshResource resource = put.resource();
    if (resource instanceof TrustRoots roots) {
      // another trust domain's roots are not ours to trust (the builder already drops them at the edge)
      return roots.trustDomain().equals(trustDomain) && key.equals(roots.key())
          ? new MeshState(trustDomain, Optional.of(roots), s.workloads, s.services, s.virtualServices, s.destinationRules,
              s.serviceEntries, s.peerAuthentications, s.authorizationPolicies, s.sidecars, s.index)
          : this;
    }
    if (resource instanceof VirtualService updated && virtualServices.containsKey(key)) {
      resource = updated.withCreated(virtualServices.get(key).created());
    } else if (resource instanceof DestinationRule updated && destinationRules.containsKey(key)) {
      resource = updated.withCreated(destinationRules.get(key).created());
    }
    PersistentSortedMap<String, Workload> w = s.workloads;
    PersistentSortedMap<String, Service> sv = s.services;
    PersistentSortedMap<String, VirtualService> vs = s.virtualServices;
    PersistentSortedMap<String, DestinationRule> dr = s.destinationRules;
    PersistentSortedMap<String, ServiceEntry> se = s.serviceEntries;
    PersistentSortedMap<String, PeerAuthentication> pa = s.peerAuthentications;
    PersistentSortedMap<String, AuthorizationPolicy> ap = s.authorizationPolicies;
    PersistentSortedMap<String, Sidecar> sc = s.sidecars;
    if (resource instanceof Workload r) {
      w = w.with(key, r);
    } else if (resource instanceof Service r) {
      sv = sv.with(key, r);
    } else if (resource instanceof VirtualService r) {
      vs = vs.with(key, r);
    } else if (resource instanceof DestinationRule r) {
      dr = dr.with(key, r);
    } else if (resource instanceof ServiceEntry r) {
      se = se.with(key, r);
    } else if (resource instanceof PeerAuthentication r) {
      pa = pa.with(key, r);
    } else if (resource instanceof AuthorizationPolicy r) {
      ap = ap.with(key, r);
    } else if (resource instanceof Sidecar r) {
      sc = sc.with(key, r);
    }
    MeshIndex next = s.index.apply(key, Optional.empty(), Optional.of(resource));
    return new MeshState(trustDomain, trustRoots, w, sv, vs, dr, se, pa, ap, sc, next);
  }

  /** The resource under {@code key}, whatever its kind. */
  public Optional<MeshResource> resource(String key) {
    if (trustRoots.isPresent() && trustRoots.get().key().equals(key)) {
      return Optional.of(trustRoots.get());
    }
    return stored(key);
  }

  /** The resource under {@code key} in the maps of kinds (all but the trust roots). */
  private Optional<MeshResource> stored(String key) {
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
    return index.proxies;
  }

  public Optional<Workload> proxy(String proxyId) {
    return Optional.ofNullable(index.proxies.get(proxyId));
  }

  /**
   * Every host a proxy could reach, by name: services with at least one endpoint, and ServiceEntry
   * hosts (a service wins a name clash, then the first entry by subject).
   */
  public SortedMap<String, MeshHost> hosts() {
    return index.hosts;
  }

  /** The hosts of {@link #hosts} whose namespace is {@code namespace} (a ServiceEntry host's is the entry's), by name. */
  public SortedMap<String, MeshHost> hostsIn(String namespace) {
    return MeshIndex.group(index.hostsByNamespace, namespace);
  }

  /** The Sidecars of {@code namespace}, by key. */
  public SortedMap<String, Sidecar> sidecarsIn(String namespace) {
    return MeshIndex.group(index.sidecars, namespace);
  }

  /** The PeerAuthentications of {@code namespace}, by key. */
  public SortedMap<String, PeerAuthentication> peerAuthenticationsIn(String namespace) {
    return MeshIndex.group(index.peerAuthentications, namespace);
  }

  /** The AuthorizationPolicies of {@code namespace}, by key. */
  public SortedMap<String, AuthorizationPolicy> authorizationPoliciesIn(String namespace) {
    return MeshIndex.group(index.authorizationPolicies, namespace);
  }

  public Optional<MeshHost> host(String fqdn) {
    return index.host(fqdn);
  }

  /** Endpoints of the service whose fully qualified name is {@code fqdn}, in key order. */
  public List<Workload> endpointsOf(String fqdn) {
    return index.endpointsOf(fqdn);
  }

  /** The VirtualService for a host; several: the oldest wins, as in Istio. */
  public Optional<VirtualService> virtualServiceFor(String fqdn) {
    return index.virtualServiceFor(fqdn);
  }

  /** The DestinationRule for a host; several: the oldest wins. */
  public Optional<DestinationRule> destinationRuleFor(String fqdn) {
    return index.destinationRuleFor(fqdn);
  }

  public Optional<ServiceEntry> serviceEntry(String subject) {
    return Optional.ofNullable(serviceEntries.get(subject));
  }

  /** This state without {@code key} (which held {@code was}, if anything but trust roots). */
  private MeshState without(String key, Optional<MeshResource> was) {
    Optional<TrustRoots> roots = trustRoots.filter(r -> !r.key().equals(key));
    if (was.isEmpty()) {
      return roots.equals(trustRoots) ? this : new MeshState(trustDomain, roots, workloads, services, virtualServices,
          destinationRules, serviceEntries, peerAuthentications, authorizationPolicies, sidecars, index);
    }
    return new MeshState(trustDomain, roots, workloads.without(key), services.without(key), virtualServices.without(key),
        destinationRules.without(key), serviceEntries.without(key), peerAuthentications.without(key),
        authorizationPolicies.without(key), sidecars.without(key), index.apply(key, was, Optional.empty()));
  }
}
