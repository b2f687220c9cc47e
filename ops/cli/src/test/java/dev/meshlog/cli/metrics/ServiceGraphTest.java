package dev.meshlog.cli.metrics;

import static dev.meshlog.cli.metrics.MetricFixtures.NOW;
import static dev.meshlog.cli.metrics.MetricFixtures.edge;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.RequestMetric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceGraphTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> graph, String key) {
    return (List<Map<String, Object>>) graph.get(key);
  }

  @Test
  void shouldLinkSourceWorkloadToServiceToEachDestinationWorkload() {
    List<RequestMetric> windows = List.of(
        edge(NOW.minusSeconds(10), 200, 1_000, 2_000, 3_000).build(),
        edge(NOW.minusSeconds(10), 503, 50_000).setDestinationWorkload("reviews-v2").setDestinationVersion("v2").build(),
        edge(NOW.minusSeconds(300), 200, 1_000).setSourceWorkload("old-client").build());
    Map<String, Object> graph = ServiceGraph.of(windows, NOW);

    assertEquals(List.of("service:reviews.default.svc.cluster.local", "workload:default/productpage-v1",
        "workload:default/reviews-v1", "workload:default/reviews-v2"),
        list(graph, "nodes").stream().map(n -> n.get("id")).toList());
    List<Map<String, Object>> edges = list(graph, "edges");
    assertEquals(3, edges.size());
    Map<String, Object> in = edges.get(2);
    assertEquals("workload:default/productpage-v1", in.get("source"));
    assertEquals("service:reviews.default.svc.cluster.local", in.get("target"));
    assertEquals(4L, in.get("requests"));
    assertEquals(0.25, in.get("errorRate"));
    assertEquals(50.0, (double) in.get("p99Ms"), 0.5);
    assertEquals(0.067, in.get("rps"));
    Map<String, Object> toV2 = edges.get(1);
    assertEquals("workload:default/reviews-v2", toV2.get("target"));
    assertEquals(1.0, toV2.get("errorRate"));
    assertEquals(0.0, edges.get(0).get("errorRate"));
    assertEquals(3.0, (double) edges.get(0).get("p99Ms"), 0.03);
  }

  @Test
  void shouldCountARequestSeenByBothProxiesOnceAndCallersReportsOfDestinationsWithoutSidecar() {
    List<RequestMetric> windows = List.of(
        // the same 3 requests, reported by the caller's proxy and by reviews-v1's
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000, 1_000).setReporter("source").build(),
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000, 1_000).build(),
        // reviews-v3 has no sidecar: only the caller reports its 2 requests
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000).setReporter("source").setDestinationWorkload("reviews-v3").build());
    List<Map<String, Object>> edges = list(ServiceGraph.of(windows, NOW), "edges");

    Map<String, Object> in = edges.stream().filter(e -> "workload:default/productpage-v1".equals(e.get("source"))).findFirst().orElseThrow();
    assertEquals(5L, in.get("requests"), "3 requests counted once, plus the 2 only the caller saw");
    assertEquals(3L, edges.stream().filter(e -> "workload:default/reviews-v1".equals(e.get("target"))).findFirst().orElseThrow().get("requests"));
    assertEquals(2L, edges.stream().filter(e -> "workload:default/reviews-v3".equals(e.get("target"))).findFirst().orElseThrow().get("requests"));
  }

  @Test
  void shouldBeEmptyWithoutRecentTraffic() {
    Map<String, Object> graph = ServiceGraph.of(List.of(edge(NOW.minusSeconds(600), 200, 1_000).build()), NOW);
    assertEquals(List.of(), graph.get("nodes"));
    assertEquals(List.of(), graph.get("edges"));
  }
}
