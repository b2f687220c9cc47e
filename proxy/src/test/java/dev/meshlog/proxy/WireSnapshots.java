package dev.meshlog.proxy;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.schemas.AvroSerde;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Snapshots built by hand the way the engine builds them (names, domains, content hash). */
final class WireSnapshots {

  static final String NS = "default";
  static final String HOST = "reviews.default.svc.cluster.local";

  private WireSnapshots() {}

  static String cluster(String subset) {
    return "outbound|80|" + subset + "|" + HOST;
  }

  static EndpointConfig endpoint(int port, String workload, String version) {
    return EndpointConfig.newBuilder().setAddress("127.0.0.1").setPort(port).setWorkload(workload)
        .setLabels(Map.of("app", "reviews", "version", version)).build();
  }

  static ClusterConfig clusterConfig(String subset, List<EndpointConfig> endpoints) {
    return ClusterConfig.newBuilder().setName(cluster(subset)).setHost(HOST).setSubset(subset.isEmpty() ? null : subset)
        .setPort(80).setLoadBalancer("ROUND_ROBIN").setEndpoints(endpoints).build();
  }

  static dev.meshlog.avro.WeightedCluster weighted(String subset, int weight) {
    return WeightedCluster.newBuilder().setCluster(cluster(subset)).setWeight(weight).build();
  }

  /** One route for reviews, reachable by every name the engine gives a same-namespace proxy. */
  static ProxySnapshot snapshot(String proxyId, long version, List<WeightedCluster> rule, List<ClusterConfig> clusters) {
    return snapshotWithRules(proxyId, version, List.of(RouteRule.newBuilder().setName("").setClusters(rule).build()), clusters);
  }

  /** Like {@link #snapshot}, with the reviews route's rules as given, in order. */
  static ProxySnapshot snapshotWithRules(String proxyId, long version, List<RouteRule> rules, List<ClusterConfig> clusters) {
    RouteConfig route = RouteConfig.newBuilder().setName(HOST).setPort(80)
        .setDomains(List.of(HOST, "reviews.default.svc", "reviews.default", "reviews"))
        .setRules(rules)
        .setProvenance(List.of())
        .build();
    ProxySnapshot content = ProxySnapshot.newBuilder().setProxyId(proxyId).setVersion(0).setHash("")
        .setSourceOffsets(List.of()).setRoutes(List.of(route)).setClusters(clusters).build();
    return ProxySnapshot.newBuilder(content).setVersion(version).setHash(sha256(content)).build();
  }

  /** What the engine sends a proxy nothing routes from and no inbound policy selects: no routes, no clusters. */
  static ProxySnapshot empty(String proxyId, long version) {
    ProxySnapshot content = ProxySnapshot.newBuilder().setProxyId(proxyId).setVersion(0).setHash("")
        .setSourceOffsets(List.of()).setRoutes(List.of()).setClusters(List.of()).build();
    return ProxySnapshot.newBuilder(content).setVersion(version).setHash(sha256(content)).build();
  }

  private static String sha256(ProxySnapshot content) {
    try {
      byte[] bytes = new AvroSerde<>(ProxySnapshot.class).encode(content);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
