package dev.meshlog.engine.roundtrip;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.TcpRouteConfig;
import dev.meshlog.avro.WeightedCluster;
import java.util.List;

/** Lookups in a received snapshot by the names a user knows (host, rule name, cluster name); a miss fails naming what is there. */
final class Snapshots {

  private Snapshots() {}

  static RouteConfig route(ProxySnapshot snapshot, String host) {
    return snapshot.getRoutes().stream().filter(r -> r.getName().equals(host)).findFirst()
        .orElseThrow(() -> new AssertionError(snapshot.getProxyId() + " has no route " + host + "; it has " + routeNames(snapshot)));
  }

  static List<String> routeNames(ProxySnapshot snapshot) {
    return snapshot.getRoutes().stream().map(RouteConfig::getName).toList();
  }

  static RouteRule rule(ProxySnapshot snapshot, String host, String ruleName) {
    RouteConfig route = route(snapshot, host);
    return route.getRules().stream().filter(r -> r.getName().equals(ruleName)).findFirst()
        .orElseThrow(() -> new AssertionError(host + " has no rule " + ruleName + " for " + snapshot.getProxyId() + "; it has "
            + ruleNames(route)));
  }

  static List<String> ruleNames(RouteConfig route) {
    return route.getRules().stream().map(RouteRule::getName).toList();
  }

  /** The rule's weighted clusters as "cluster=weight". */
  static List<String> split(RouteRule rule) {
    return rule.getClusters().stream().map(c -> c.getCluster() + "=" + c.getWeight()).toList();
  }

  static WeightedCluster weighted(RouteRule rule, String cluster) {
    return rule.getClusters().stream().filter(c -> c.getCluster().equals(cluster)).findFirst()
        .orElseThrow(() -> new AssertionError("the rule has no cluster " + cluster + "; it has " + split(rule)));
  }

  static ClusterConfig cluster(ProxySnapshot snapshot, String name) {
    return snapshot.getClusters().stream().filter(c -> c.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(snapshot.getProxyId() + " has no cluster " + name + "; it has " + clusterNames(snapshot)));
  }

  static List<String> clusterNames(ProxySnapshot snapshot) {
    return snapshot.getClusters().stream().map(ClusterConfig::getName).toList();
  }

  /** The cluster's endpoints as "address:port". */
  static List<String> endpoints(ClusterConfig cluster) {
    return cluster.getEndpoints().stream().map(e -> e.getAddress() + ":" + e.getPort()).toList();
  }

  /** The workloads (or ServiceEntry subjects) behind the cluster's endpoints. */
  static List<String> workloads(ClusterConfig cluster) {
    return cluster.getEndpoints().stream().map(EndpointConfig::getWorkload).toList();
  }

  static TcpRouteConfig tcpRoute(ProxySnapshot snapshot, String host, int port) {
    return snapshot.getTcpRoutes().stream().filter(r -> r.getName().equals(host) && r.getPort() == port).findFirst()
        .orElseThrow(() -> new AssertionError(snapshot.getProxyId() + " has no tcp route " + host + ":" + port + "; it has "
            + snapshot.getTcpRoutes().stream().map(r -> r.getName() + ":" + r.getPort()).toList()));
  }

  static InboundPolicy inbound(ProxySnapshot snapshot) {
    if (snapshot.getInbound() == null) {
      throw new AssertionError(snapshot.getProxyId() + " has no inbound policy");
    }
    return snapshot.getInbound();
  }

  /** The subjects of the authorization policies the proxy enforces, in snapshot order. */
  static List<String> authorizationNames(ProxySnapshot snapshot) {
    return inbound(snapshot).getAuthorization().stream().map(a -> a.getName()).toList();
  }
}
