package dev.meshlog.proxy.route;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders for route tests: the reviews service with v1 and v2 subsets. */
final class RouteFixtures {

  static final String HOST = "reviews.default.svc.cluster.local";
  static final String V1 = "outbound|80|v1|" + HOST;
  static final String V2 = "outbound|80|v2|" + HOST;

  private RouteFixtures() {}

  static Endpoint endpoint(int port, String workload, String version) {
    return Endpoint.resolve("127.0.0.1", port, workload, Map.of("app", "reviews", "version", version));
  }

  static Cluster cluster(String name, Endpoint... endpoints) {
    return new Cluster(name, HOST, Optional.of(name.split("\\|")[2]), 80, List.of(endpoints));
  }

  static VirtualHost reviews(int weightV1, int weightV2) {
    return new VirtualHost(HOST, 80, List.of(HOST, "reviews.default.svc", "reviews.default", "reviews"),
        List.of(new Rule("", List.of(new WeightedCluster(V1, weightV1), new WeightedCluster(V2, weightV2)))));
  }

  static RouteTable table(int weightV1, int weightV2) {
    return RouteTable.of(List.of(reviews(weightV1, weightV2)),
        List.of(cluster(V1, endpoint(9001, "reviews-v1", "v1")), cluster(V2, endpoint(9002, "reviews-v2", "v2"))));
  }
}
