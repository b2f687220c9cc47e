package dev.meshlog.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated mesh of a fan-out run, and who should see what. Services {@code svc-<j>} go to
 * namespace {@code bench-<j mod N>}, proxies {@code bench-proxy-<i>} to {@code bench-<i mod N>}; the
 * first {@code min(changes, services)} services are the change targets, so the changes rotate over
 * the namespaces. A proxy's scope is its own namespace's services ({@link Scope#NAMESPACE}: what an
 * Istio Sidecar with egress {@code ./*} gives it) or every service ({@link Scope#ALL}).
 */
final class MeshLayout {

  /** What a proxy is expected to receive config for. */
  enum Scope { NAMESPACE, ALL }

  static final String CLUSTER_DOMAIN = ".svc.cluster.local";

  private final int proxies;
  private final int services;
  private final int namespaces;
  private final int changes;
  private final int targets;
  private final Scope scope;
  private final Map<String, Set<String>> hostsByNamespace = new HashMap<>();
  private final Map<String, Set<String>> proxiesByNamespace = new HashMap<>();
  private final Map<String, String> namespaceOfProxy = new HashMap<>();
  private final Set<String> allHosts = new LinkedHashSet<>();
  private final Set<String> allProxies = new LinkedHashSet<>();

  MeshLayout(int proxies, int services, int namespaces, int changes, Scope scope) {
    if (proxies < 1 || services < 1 || namespaces < 1 || changes < 1) {
      throw new IllegalArgumentException("proxies, services, namespaces and changes must be at least 1");
    }
    if (namespaces > services) {
      throw new IllegalArgumentException("--namespaces (" + namespaces + ") must not exceed --services (" + services + ")");
    }
    if (proxies < namespaces) {
      throw new IllegalArgumentException("--proxies (" + proxies + ") must be at least --namespaces (" + namespaces
          + "): every namespace needs a proxy to see its changes");
    }
    this.proxies = proxies;
    this.services = services;
    this.namespaces = namespaces;
    this.changes = changes;
    this.targets = Math.min(changes, services);
    this.scope = scope;
    for (int j = 0; j < services; j++) {
      hostsByNamespace.computeIfAbsent(serviceNamespace(j), n -> new LinkedHashSet<>()).add(host(j));
      allHosts.add(host(j));
    }
    for (int i = 0; i < proxies; i++) {
      proxiesByNamespace.computeIfAbsent(proxyNamespace(i), n -> new LinkedHashSet<>()).add(proxyId(i));
      namespaceOfProxy.put(proxyId(i), proxyNamespace(i));
      allProxies.add(proxyId(i));
    }
  }

  int proxies() {
    return proxies;
  }

  int services() {
    return services;
  }

  int namespaces() {
    return namespaces;
  }

  Scope scope() {
    return scope;
  }

  /** How many changes the run publishes. */
  int changes() {
    return changes;
  }

  /** How many services the changes rotate over (the first ones). */
  int targets() {
    return targets;
  }

  static String namespace(int n) {
    return "bench-" + n;
  }

  List<String> namespaceNames() {
    List<String> names = new ArrayList<>();
    for (int n = 0; n < namespaces; n++) {
      names.add(namespace(n));
    }
    return names;
  }

  static String serviceName(int j) {
    return "svc-" + j;
  }

  String serviceNamespace(int j) {
    return namespace(j % namespaces);
  }

  String host(int j) {
    return serviceName(j) + "." + serviceNamespace(j) + CLUSTER_DOMAIN;
  }

  static String proxyId(int i) {
    return "bench-proxy-" + i;
  }

  String proxyNamespace(int i) {
    return namespace(i % namespaces);
  }

  boolean isProxy(String proxyId) {
    return namespaceOfProxy.containsKey(proxyId);
  }

  Set<String> allProxies() {
    return Collections.unmodifiableSet(allProxies);
  }

  int serviceCount() {
    return allHosts.size();
  }

  /** The hosts {@code proxyId} should have routes for. */
  Set<String> scopeOf(String proxyId) {
    if (scope == Scope.ALL) {
      return Collections.unmodifiableSet(allHosts);
    }
    return hostsByNamespace.getOrDefault(namespaceOfProxy.get(proxyId), Set.of());
  }

  /** The proxies that should receive a change to service {@code j}. */
  Set<String> audienceOf(int j) {
    if (scope == Scope.ALL) {
      return allProxies();
    }
    return proxiesByNamespace.getOrDefault(serviceNamespace(j), Set.of());
  }

  /** Target hosts by host name, to their service index. */
  Map<String, Integer> targetHosts() {
    Map<String, Integer> hosts = new HashMap<>();
    for (int j = 0; j < targets; j++) {
      hosts.put(host(j), j);
    }
    return hosts;
  }
}
