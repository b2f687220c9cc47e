package dev.meshlog.proxy.snapshot;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.Rule;
import dev.meshlog.proxy.route.VirtualHost;
import dev.meshlog.proxy.route.WeightedCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Domain snapshots for the client proxy "productpage-1" reaching reviews v1/v2. */
final class SnapshotFixtures {

  static final String PROXY = "productpage-1";
  static final String HOST = "reviews.default.svc.cluster.local";
  static final String V1 = "outbound|80|v1|" + HOST;
  static final String V2 = "outbound|80|v2|" + HOST;

  private SnapshotFixtures() {}

  static Cluster cluster(String name, int port) {
    return new Cluster(name, HOST, Optional.of(name.split("\\|")[2]), 80,
        List.of(Endpoint.resolve("127.0.0.1", port, "reviews-" + port, Map.of("version", "v" + port))));
  }

  static Snapshot snapshot(long version, List<WeightedCluster> rule, List<Cluster> clusters) {
    VirtualHost host = new VirtualHost(HOST, 80, List.of(HOST, "reviews"), List.of(new Rule("", rule)));
    return new Snapshot(PROXY, version, "hash-" + version, List.of(host), clusters);
  }

  static Snapshot split(long version, int weightV1, int weightV2) {
    return snapshot(version, List.of(new WeightedCluster(V1, weightV1), new WeightedCluster(V2, weightV2)),
        List.of(cluster(V1, 1), cluster(V2, 2)));
  }
}
