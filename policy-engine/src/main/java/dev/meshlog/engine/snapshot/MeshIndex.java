package dev.meshlog.engine.snapshot;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The lookups assembly makes for every cluster of every proxy (endpoints of a host, the host itself,
 * the VirtualService and DestinationRule that win a host, proxies by id, hosts and namespace-scoped
 * policies by namespace). Immutable like the state it
 * belongs to, and updated with it: {@link #apply} takes out what the replaced resource contributed and
 * puts in what its successor does, touching only the hosts and proxy ids those two name, in O(log n)
 * each. (Rebuilt from every resource per state, it made each registration cost O(workloads).)
 *
 * <p>Every inner map is keyed by record key, so "the first by key" is its first entry and an answer
 * never depends on the order events arrived in: the same state gives the same index however it was reached.
 */
final class MeshIndex {

  static final MeshIndex EMPTY = new MeshIndex(PersistentSortedMap.empty(), PersistentSortedMap.empty(), PersistentSortedMap.empty(),
      PersistentSortedMap.empty(), PersistentSortedMap.empty(), PersistentSortedMap.empty(), PersistentSortedMap.empty(),
      PersistentSortedMap.empty(), PersistentSortedMap.empty(), PersistentSortedMap.empty(), PersistentSortedMap.empty());

  private static final Comparator<Ordered> OLDEST_FIRST = Comparator.comparingLong(Ordered::created).thenComparing(Ordered::subject);

  /** Endpoint workloads by service host, then by key. */
  private final PersistentSortedMap<String, PersistentSortedMap<String, Workload>> endpoints;
  /** ServiceEntries by each host they list, then by key. */
  private final PersistentSortedMap<String, PersistentSortedMap<String, ServiceEntry>> entries;
  /** Workloads by the proxy id they claim, then by key. */
  private final PersistentSortedMap<String, PersistentSortedMap<String, Workload>> claims;
  private final PersistentSortedMap<String, PersistentSortedMap<String, VirtualService>> virtualServices;
  private final PersistentSortedMap<String, PersistentSortedMap<String, DestinationRule>> destinationRules;
  /** Namespace-scoped policies by their namespace, then by key: a proxy's assembly reads its own namespace's and the root's. */
  final PersistentSortedMap<String, PersistentSortedMap<String, Sidecar>> sidecars;
  final PersistentSortedMap<String, PersistentSortedMap<String, PeerAuthentication>> peerAuthentications;
  final PersistentSortedMap<String, PersistentSortedMap<String, AuthorizationPolicy>> authorizationPolicies;
  /** Derived from endpoints and entries, for the hosts a change names: a service wins a name clash, then the first entry by key. */
  final PersistentSortedMap<String, MeshHost> hosts;
  /** {@link #hosts} by their namespace, then by name: a Sidecar scope names namespaces, and a proxy's assembly looks at those only. */
  final PersistentSortedMap<String, PersistentSortedMap<String, MeshHost>> hostsByNamespace;
  /** Derived from claims: the first claim by key wins. */
  final PersistentSortedMap<String, Workload> proxies;

  private MeshIndex(PersistentSortedMap<String, PersistentSortedMap<String, Workload>> endpoints,
      PersistentSortedMap<String, PersistentSortedMap<String, ServiceEntry>> entries,
      PersistentSortedMap<String, PersistentSortedMap<String, Workload>> claims,
      PersistentSortedMap<String, PersistentSortedMap<String, VirtualService>> virtualServices,
      PersistentSortedMap<String, PersistentSortedMap<String, DestinationRule>> destinationRules,
      PersistentSortedMap<String, PersistentSortedMap<String, Sidecar>> sidecars,
      PersistentSortedMap<String, PersistentSortedMap<String, PeerAuthentication>> peerAuthentications,
      PersistentSortedMap<String, PersistentSortedMap<String, AuthorizationPolicy>> authorizationPolicies,
      PersistentSortedMap<String, MeshHost> hosts, PersistentSortedMap<String, PersistentSortedMap<String, MeshHost>> hostsByNamespace,
      PersistentSortedMap<String, Workload> proxies) {
    this.endpoints = endpoints;
    this.entries = entries;
    this.claims = claims;
    this.virtualServices = virtualServices;
    this.destinationRules = destinationRules;
    this.sidecars = sidecars;
    this.peerAuthentications = peerAuthentications;
    this.authorizationPolicies = authorizationPolicies;
    this.hosts = hosts;
    this.hostsByNamespace = hostsByNamespace;
    this.proxies = proxies;
  }

  /** The index after the resource under {@code key} went from {@code was} to {@code now} (either may be absent). */
  MeshIndex apply(String key, Optional<MeshResource> was, Optional<MeshResource> now) {
    Builder b = new Builder(this);
    was.ifPresent(r -> b.update(key, r, false));
    now.ifPresent(r -> b.update(key, r, true));
    return b.build();
  }

  Optional<MeshHost> host(String fqdn) {
    return Optional.ofNullable(hosts.get(fqdn));
  }

  /** In key order. */
  List<Workload> endpointsOf(String fqdn) {
    PersistentSortedMap<String, Workload> byKey = endpoints.get(fqdn);
    return byKey == null ? List.of() : List.copyOf(byKey.values());
  }

  /** The group of {@code outer} under {@code group}, empty when there is none. */
  static <V> SortedMap<String, V> group(PersistentSortedMap<String, PersistentSortedMap<String, V>> outer, String group) {
    PersistentSortedMap<String, V> in = outer.get(group);
    return in == null ? PersistentSortedMap.empty() : in;
  }

  Optional<VirtualService> virtualServiceFor(String host) {
    return oldest(virtualServices.get(host));
  }

  Optional<DestinationRule> destinationRuleFor(String host) {
    return oldest(destinationRules.get(host));
  }

  /** Istio's "oldest wins"; on a tie the first by key, as the one-pass merge over key order had it. */
  private static <T extends Ordered> Optional<T> oldest(PersistentSortedMap<String, T> candidates) {
    if (candidates == null) {
      return Optional.empty();
    }
    T best = null;
    for (T t : candidates.values()) {
      if (best == null || OLDEST_FIRST.compare(t, best) < 0) {
        best = t;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The maps of one step, and the hosts and proxy ids whose derived entry must be worked out again. */
  private static final class Builder {
    private PersistentSortedMap<String, PersistentSortedMap<String, Workload>> endpoints;
    private PersistentSortedMap<String, PersistentSortedMap<String, ServiceEntry>> entries;
    private PersistentSortedMap<String, PersistentSortedMap<String, Workload>> claims;
    private PersistentSortedMap<String, PersistentSortedMap<String, VirtualService>> virtualServices;
    private PersistentSortedMap<String, PersistentSortedMap<String, DestinationRule>> destinationRules;
    private PersistentSortedMap<String, PersistentSortedMap<String, Sidecar>> sidecars;
    private PersistentSortedMap<String, PersistentSortedMap<String, PeerAuthentication>> peerAuthentications;
    private PersistentSortedMap<String, PersistentSortedMap<String, AuthorizationPolicy>> authorizationPolicies;
    private PersistentSortedMap<String, MeshHost> hosts;
    private PersistentSortedMap<String, PersistentSortedMap<String, MeshHost>> hostsByNamespace;
    private PersistentSortedMap<String, Workload> proxies;
    private final Set<String> dirtyHosts = new LinkedHashSet<>();
    private final Set<String> dirtyProxies = new LinkedHashSet<>();

    Builder(MeshIndex from) {
      endpoints = from.endpoints;
      entries = from.entries;
      claims = from.claims;
      virtualServices = from.virtualServices;
      destinationRules = from.destinationRules;
      sidecars = from.sidecars;
      peerAuthentications = from.peerAuthentications;
      authorizationPolicies = from.authorizationPolicies;
      hosts = from.hosts;
      hostsByNamespace = from.hostsByNamespace;
      proxies = from.proxies;
    }

    void update(String key, MeshResource resource, boolean add) {
      if (resource instanceof Workload w) {
        if (w.isEndpoint()) {
          String fqdn = w.serviceHost().fqdn();
          endpoints = nested(endpoints, fqdn, key, w, add);
          dirtyHosts.add(fqdn);
        }
        if (w.proxyId().isPresent()) {
          claims = nested(claims, w.proxyId().get(), key, w, add);
          dirtyProxies.add(w.proxyId().get());
        }
      } else if (resource instanceof ServiceEntry se) {
        for (String h : se.hosts()) {
          entries = nested(entries, h, key, se, add);
          dirtyHosts.add(h);
        }
      } else if (resource instanceof VirtualService vs) {
        for (String h : vs.hosts()) {
          virtualServices = nested(virtualServices, h, key, vs, add);
        }
      } else if (resource instanceof DestinationRule dr) {
        destinationRules = nested(destinationRules, dr.host(), key, dr, add);
      } else if (resource instanceof Sidecar sc) {
        sidecars = nested(sidecars, sc.namespace(), key, sc, add);
      } else if (resource instanceof PeerAuthentication pa) {
        peerAuthentications = nested(peerAuthentications, pa.namespace(), key, pa, add);
      } else if (resource instanceof AuthorizationPolicy ap) {
        authorizationPolicies = nested(authorizationPolicies, ap.namespace(), key, ap, add);
      }
    }

    MeshIndex build() {
      for (String fqdn : dirtyHosts) {
        PersistentSortedMap<String, Workload> service = endpoints.get(fqdn);
        PersistentSortedMap<String, ServiceEntry> named = entries.get(fqdn);
        MeshHost old = hosts.get(fqdn);
        if (old != null) {
          hostsByNamespace = nested(hostsByNamespace, old.namespace(), fqdn, old, false);
        }
        MeshHost current = service != null ? MeshHost.of(service.firstValue().serviceHost())
            : named != null ? MeshHost.of(fqdn, named.firstValue()) : null;
        if (current == null) {
          hosts = hosts.without(fqdn);
        } else {
          hosts = hosts.with(fqdn, current);
          hostsByNamespace = nested(hostsByNamespace, current.namespace(), fqdn, current, true);
        }
      }
      for (String id : dirtyProxies) {
        PersistentSortedMap<String, Workload> claimed = claims.get(id);
        proxies = claimed == null ? proxies.without(id) : proxies.with(id, claimed.firstValue());
      }
      return new MeshIndex(endpoints, entries, claims, virtualServices, destinationRules, sidecars, peerAuthentications,
          authorizationPolicies, hosts, hostsByNamespace, proxies);
    }

    /** {@code outer} with {@code key -> value} added under {@code group} or removed from it; an emptied group goes. */
    private static <V> PersistentSortedMap<String, PersistentSortedMap<String, V>> nested(
        PersistentSortedMap<String, PersistentSortedMap<String, V>> outer, String group, String key, V value, boolean add) {
      PersistentSortedMap<String, V> inner = outer.get(group);
      if (inner == null) {
        inner = PersistentSortedMap.empty();
      }
      inner = add ? inner.with(key, value) : inner.without(key);
      return inner.isEmpty() ? outer.without(group) : outer.with(group, inner);
    }
  }
}
