package dev.meshlog.cli.metrics;

import static dev.meshlog.cli.metrics.MetricFixtures.NOW;
import static dev.meshlog.cli.metrics.MetricFixtures.edge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.avro.RequestMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GoldenSignalsTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Map<String, Object> golden) {
    return (List<Map<String, Object>>) golden.get("rows");
  }

  @Test
  void shouldTakePercentilesFromHistogramsMergedAcrossWindowsAndInstances() {
    // 1..600 ms spread over three windows and two destination workloads.
    List<RequestMetric> windows = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int window = w;
      long[] a = LongStream.rangeClosed(1, 600).filter(ms -> ms % 6 == window).map(ms -> ms * 1000).toArray();
      long[] b = LongStream.rangeClosed(1, 600).filter(ms -> ms % 6 == window + 3).map(ms -> ms * 1000).toArray();
      windows.add(edge(NOW.minusSeconds(30 - 10L * w), 200, a).build());
      windows.add(edge(NOW.minusSeconds(30 - 10L * w), 200, b).setDestinationWorkload("reviews-v2").build());
    }
    Map<String, Object> row = rows(GoldenSignals.of(windows, GoldenSignals.By.SERVICE, NOW)).get(0);
    assertEquals("reviews.default.svc.cluster.local", row.get("service"));
    assertEquals(600L, row.get("requests"));
    assertEquals(10.0, row.get("rps"));
    assertEquals(1.0, row.get("successRate"));
    assertEquals(300.0, (double) row.get("p50Ms"), 3.0);
    assertEquals(570.0, (double) row.get("p95Ms"), 5.7);
    assertEquals(594.0, (double) row.get("p99Ms"), 5.9);
  }

  @Test
  void shouldCountSuccessRateAndOnlyTheLastMinute() {
    List<RequestMetric> windows = List.of(
        edge(NOW.minusSeconds(20), 200, 1_000, 1_000, 1_000).build(),
        edge(NOW.minusSeconds(10), 503, 1_000).build(),
        edge(NOW.minusSeconds(120), 503, 1_000, 1_000).build());
    Map<String, Object> row = rows(GoldenSignals.of(windows, GoldenSignals.By.SERVICE, NOW)).get(0);
    assertEquals(4L, row.get("requests"));
    assertEquals(0.75, row.get("successRate"));
    assertEquals(0.25, row.get("errorRate"));
  }

  @Test
  void shouldPreferTheDestinationsReportSoARequestIsCountedOnce() {
    List<RequestMetric> windows = List.of(
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000).build(),
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000).setReporter("source").build(),
        edge(NOW.minusSeconds(10), 200, 1_000).setReporter("source").setDestinationService("ratings.default.svc.cluster.local").build());
    List<Map<String, Object>> rows = rows(GoldenSignals.of(windows, GoldenSignals.By.SERVICE, NOW));
    assertEquals(List.of("ratings.default.svc.cluster.local", "reviews.default.svc.cluster.local"),
        rows.stream().map(r -> r.get("service")).toList());
    assertEquals(1L, rows.get(0).get("requests"), "only the source reported ratings");
    assertEquals(2L, rows.get(1).get("requests"));
  }

  @Test
  void shouldCountEachDestinationWorkloadFromTheReporterItHas() {
    // reviews-v1 has a sidecar (both ends report); reviews-v2 has none, so only its callers report it.
    List<RequestMetric> windows = List.of(
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000).build(),
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000).setReporter("source").build(),
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000, 1_000).setReporter("source").setDestinationWorkload("reviews-v2").build());
    Map<String, Object> row = rows(GoldenSignals.of(windows, GoldenSignals.By.SERVICE, NOW)).get(0);
    assertEquals(5L, row.get("requests"), "2 reported by reviews-v1 itself + 3 reported by the callers of reviews-v2");
  }

  @Test
  void shouldGroupByRouteFromPerRouteWindows() {
    List<RequestMetric> windows = List.of(
        edge(NOW.minusSeconds(10), 200, 1_000, 1_000).build(),
        edge(NOW.minusSeconds(10), 200, 1_000).setRouteName("reviews-v1").build(),
        edge(NOW.minusSeconds(10), 500, 1_000).setRouteName("reviews-jason").build());
    List<Map<String, Object>> rows = rows(GoldenSignals.of(windows, GoldenSignals.parseBy("route"), NOW));
    assertEquals(List.of("reviews-jason", "reviews-v1"), rows.stream().map(r -> r.get("route")).toList());
    assertEquals(0.0, rows.get(0).get("successRate"));
    assertEquals(1L, rows.get(1).get("requests"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoldenSignals.parseBy("edge"));
    assertEquals("by: must be service or route, got 'edge'", e.getMessage());
  }
}
