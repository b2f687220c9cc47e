package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.SidecarEgress;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.TrafficPolicySpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short builders for the policy specs the snapshot tests use most. */
final class Specs {

  static final String REVIEWS = "reviews.default.svc.cluster.local";
  static final String RATINGS = "ratings.default.svc.cluster.local";
  static final String DETAILS = "details.other.svc.cluster.local";

  private Specs() {}

  static WeightedDestination.Builder dest(String host, String subset, int weight) {
    return WeightedDestination.newBuilder().setHost(host).setSubset(subset).setWeight(weight);
  }

  static HttpRouteSpec.Builder http(WeightedDestination... route) {
    return HttpRouteSpec.newBuilder().setRoute(List.of(route));
  }

  static VirtualServiceSpec vs(String host, HttpRouteSpec... http) {
    return VirtualServiceSpec.newBuilder().setHosts(List.of(host)).setHttp(List.of(http)).build();
  }

  static DestinationRuleSpec dr(String host, TrafficPolicySpec policy, SubsetSpec... subsets) {
    return DestinationRuleSpec.newBuilder().setHost(host).setTrafficPolicy(policy).setSubsets(List.of(subsets)).build();
  }

  static SubsetSpec subset(String name, String version, TrafficPolicySpec policy) {
    return SubsetSpec.newBuilder().setName(name).setLabels(new LinkedHashMap<>(Map.of("version", version))).setTrafficPolicy(policy).build();
  }

  static SidecarSpec sidecar(Map<String, String> selector, String... hosts) {
    return SidecarSpec.newBuilder().setWorkloadSelector(new LinkedHashMap<>(selector))
        .setEgress(List.of(SidecarEgress.newBuilder().setHosts(List.of(hosts)).build())).build();
  }

  static Map<String, String> labels(String... keyValues) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      labels.put(keyValues[i], keyValues[i + 1]);
    }
    return labels;
  }
}
