package dev.meshlog.proxy.route;

import dev.meshlog.proxy.balance.Balancer;
import dev.meshlog.proxy.balance.Balancers;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.circuit.ClusterRegistry;
import dev.meshlog.proxy.circuit.ClusterSettings;
import dev.meshlog.proxy.circuit.UpstreamCluster;
import dev.meshlog.proxy.circuit.UpstreamHost;
import dev.meshlog.proxy.retry.RetryBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The routing view of one applied snapshot: host -> first matching rule -> weighted cluster ->
 * round-robin endpoint, or a redirect or direct response. Rules, matches and regexes are compiled
 * here, off the event loops. Immutable apart from the balancers' cursors; a new snapshot builds a
 * new table, and each request is matched once against it, so a swap never disturbs a request
 * already dispatched.
 */
public final class RouteTable {

  public static final RouteTable EMPTY = of(List.of(), List.of());

  /**
   * Before the first snapshot: the proxy has no config at all, so it cannot tell a host it does not route from one
   * it has not heard of yet. Every request gets 503 NC (no route is a config's answer, 404 NR would claim one).
   */
  public static final RouteTable UNCONFIGURED = new RouteTable(Map.of(), List.of(), Map.of(), false);

  private final Map<String, HostRoute> byDomain;
  private final List<ClusterEndpoints> clusters;
  private final Map<String, Target> targets;
  private final boolean configured;

  private RouteTable(Map<String, HostRoute> byDomain, List<ClusterEndpoints> clusters, Map<String, Target> targets,
      boolean configured) {
    this.byDomain = byDomain;
    this.clusters = clusters;
    this.targets = targets;
    this.configured = configured;
  }

  /**
   * Compiles hosts and clusters. Expects a validated snapshot: a rule naming a missing cluster is
   * rejected here too, so a table never dispatches to nothing.
   */
  public static RouteTable of(List<VirtualHost> hosts, List<Cluster> clusters) {
    return of(hosts, clusters, ClusterRegistry.detached());
  }

  /**
   * Like {@link #of(List, List)}, with each cluster's endpoints bound to their live state in
   * {@code registry} (request counts, ejections, circuit breaker, retry budget), which outlives this
   * table. Call {@link #settle} once the table is live.
   */
  public static RouteTable of(List<VirtualHost> hosts, List<Cluster> clusters, ClusterRegistry registry) {
    Map<String, Target> targets = new HashMap<>();
    List<ClusterEndpoints> views = new ArrayList<>();
    for (Cluster cluster : clusters) {
      UpstreamCluster live = registry.cluster(cluster.name(), cluster.limits(), cluster.outlier());
      List<LbEndpoint<Endpoint>> endpoints = cluster.endpoints().stream().map(e -> {
        UpstreamHost host = live.host(e.socketAddress());
        return new LbEndpoint<>(e, e.weight(), e.ringKey(), host.active(), host);
      }).toList();
      targets.put(cluster.name(), new Target(cluster, Balancers.of(cluster.loadBalancing(), endpoints),
          live.retryBudget()));
      views.add(new ClusterEndpoints(cluster, endpoints, live));
    }
    Map<String, HostRoute> byDomain = new HashMap<>();
    for (VirtualHost host : hosts) {
      CompiledRule[] rules = host.rules().stream().map(r -> new CompiledRule(host.name(), r, targets))
          .toArray(CompiledRule[]::new);
      HostRoute route = new HostRoute(host.name(), rules);
      for (String domain : host.domains()) {
        // The first host to claim a domain keeps it, as Envoy does with duplicate domains.
        byDomain.putIfAbsent(domain.toLowerCase(Locale.ROOT), route);
      }
    }
    return new RouteTable(Map.copyOf(byDomain), List.copyOf(views), Map.copyOf(targets), true);
  }

  /**
   * Every cluster with the very endpoints its balancer picks from (so their live request counts),
   * in snapshot order. Read by the admin {@code /clusters} page and {@code /stats}.
   */
  public List<ClusterEndpoints> clusters() {
    return clusters;
  }

  /**
   * Once this table is live: its clusters' limits and outlier policies take effect in
   * {@code registry}, and the state of clusters and endpoints it no longer has is dropped.
   */
  public void settle(ClusterRegistry registry) {
    registry.settle(clusters.stream().map(view -> new ClusterSettings(view.cluster().name(), view.cluster().limits(),
        view.cluster().outlier(), view.cluster().endpoints().stream().map(Endpoint::socketAddress).toList())).toList());
  }

  /** A cluster and its balancer, for traffic routed outside the HTTP rules (TCP routes share the balancers). */
  public Optional<Target> target(String clusterName) {
    return Optional.ofNullable(targets.get(clusterName));
  }

  /** Routes {@code GET /} by authority alone. */
  public Dispatch dispatch(String authority, RandomGenerator random) {
    return dispatch(RouteRequest.get(authority), random);
  }

  /**
   * Routes a request: its authority ({@code Host} header, port and case ignored) picks the virtual
   * host, whose first rule with a matching entry (or none) decides.
   *
   * @param random the weighted pick's source; injectable so tests can seed it
   */
  public Dispatch dispatch(RouteRequest request, RandomGenerator random) {
    String host = hostOf(request.authority());
    if (!configured) {
      return Dispatch.Fail.noConfig(host);
    }
    HostRoute route = byDomain.get(host);
    if (route == null) {
      return Dispatch.Fail.noRoute(host);
    }
    for (CompiledRule rule : route.rules()) {
      RequestMatch matched = rule.match(request);
      if (matched != null) {
        return rule.dispatch(request, matched, random);
      }
    }
    return Dispatch.Fail.noRoute(host);
  }

  /** {@code Reviews:8080} -> {@code reviews}; {@code [::1]:80} -> {@code [::1]}. */
  static String hostOf(String authority) {
    if (authority == null) {
      return "";
    }
    String host = authority.trim();
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && host.indexOf(']') < colon && (host.startsWith("[") || host.indexOf(':') == colon)) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** A cluster, the balancer every request or connection to it picks an endpoint with, and its retry budget. */
  public record Target(Cluster cluster, Balancer<LbEndpoint<Endpoint>> balancer, RetryBudget retryBudget) {}

  /**
   * A cluster and the balancer's endpoints, with their active request counters and health, and the
   * cluster's live state (circuit breaker, outlier detector).
   */
  public record ClusterEndpoints(Cluster cluster, List<LbEndpoint<Endpoint>> endpoints, UpstreamCluster live) {}

  private record HostRoute(String name, CompiledRule[] rules) {}
}
