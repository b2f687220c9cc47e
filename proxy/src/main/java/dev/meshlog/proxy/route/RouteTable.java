package dev.meshlog.proxy.route;

import dev.meshlog.proxy.balance.RoundRobinBalancer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The routing view of one applied snapshot: host -> first rule -> weighted cluster -> round-robin
 * endpoint. Immutable apart from the balancers' cursors; a new snapshot builds a new table, and each
 * request looks the table up once, so a swap never disturbs a request already dispatched.
 */
public final class RouteTable {

  public static final RouteTable EMPTY = of(List.of(), List.of());

  private final Map<String, HostRoute> byDomain;

  private RouteTable(Map<String, HostRoute> byDomain) {
    this.byDomain = byDomain;
  }

  /**
   * Compiles hosts and clusters. Expects a validated snapshot: a rule naming a missing cluster is
   * rejected here too, so a table never dispatches to nothing.
   */
  public static RouteTable of(List<VirtualHost> hosts, List<Cluster> clusters) {
    Map<String, Target> targets = new HashMap<>();
    for (Cluster cluster : clusters) {
      targets.put(cluster.name(), new Target(cluster, new RoundRobinBalancer<>(cluster.endpoints())));
    }
    Map<String, HostRoute> byDomain = new HashMap<>();
    for (VirtualHost host : hosts) {
      Optional<WeightedRule> rule = host.rules().stream().findFirst().map(r -> WeightedRule.of(host, r, targets));
      HostRoute route = new HostRoute(host.name(), rule);
      for (String domain : host.domains()) {
        // The first host to claim a domain keeps it, as Envoy does with duplicate domains.
        byDomain.putIfAbsent(domain.toLowerCase(Locale.ROOT), route);
      }
    }
    return new RouteTable(Map.copyOf(byDomain));
  }

  /**
   * Routes a request by its authority ({@code Host} header, port and case ignored).
   *
   * @param random the weighted pick's source; injectable so tests can seed it
   */
  public Dispatch dispatch(String authority, RandomGenerator random) {
    String host = hostOf(authority);
    HostRoute route = byDomain.get(host);
    if (route == null || route.rule().isEmpty()) {
      return Dispatch.Fail.noRoute(host);
    }
    WeightedRule rule = route.rule().get();
    Target target = rule.pick(random);
    if (target.balancer().isEmpty()) {
      return Dispatch.Fail.noHealthyUpstream(target.cluster(), route.name());
    }
    return new Dispatch.Forward(target.balancer().next(), target.cluster(), route.name());
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

  private record Target(Cluster cluster, RoundRobinBalancer<Endpoint> balancer) {}

  private record HostRoute(String name, Optional<WeightedRule> rule) {}

  /** Cumulative weights: one draw in [0, total) and a short scan picks the cluster. */
  private record WeightedRule(Target[] targets, int[] upTo, int total) {

    static WeightedRule of(VirtualHost host, Rule rule, Map<String, Target> targets) {
      Target[] picked = new Target[rule.clusters().size()];
      int[] upTo = new int[picked.length];
      int total = 0;
      for (int i = 0; i < picked.length; i++) {
        WeightedCluster wc = rule.clusters().get(i);
        picked[i] = targets.get(wc.cluster());
        if (picked[i] == null) {
          throw new IllegalArgumentException("route " + host.name() + " names missing cluster " + wc.cluster());
        }
        total += Math.max(0, wc.weight());
        upTo[i] = total;
      }
      if (total <= 0) {
        throw new IllegalArgumentException("route " + host.name() + " has no cluster with a positive weight");
      }
      return new WeightedRule(picked, upTo, total);
    }

    Target pick(RandomGenerator random) {
      int draw = random.nextInt(total);
      for (int i = 0; i < upTo.length; i++) {
        if (draw < upTo[i]) {
          return targets[i];
        }
      }
      return targets[targets.length - 1];
    }
  }
}
