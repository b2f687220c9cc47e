package dev.meshlog.cli.metrics;

import static dev.meshlog.cli.metrics.MetricFixtures.NOW;
import static dev.meshlog.cli.metrics.MetricFixtures.edge;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoldenTableTest {

  @Test
  void shouldShowGoldenSignalsPerService() {
    String table = GoldenTable.render(List.of(
        edge(NOW.minusSeconds(20), 200, 1_000, 2_000, 3_000).build(),
        edge(NOW.minusSeconds(10), 503, 10_000).build()), "service", NOW);
    assertEquals(List.of(
        "SERVICE                             REQUESTS   RPS    SUCCESS   P50_MS   P95_MS   P99_MS",
        "reviews.default.svc.cluster.local   4          0.07   75.00%    2.00     10.00    10.00"),
        table.lines().toList());
  }

  @Test
  void shouldShowOneRowPerRouteAndSayWhenThereIsNoTraffic() {
    String table = GoldenTable.render(List.of(
        edge(NOW.minusSeconds(20), 200, 1_000).setRouteName("reviews-v2").build(),
        edge(NOW.minusSeconds(20), 200, 1_000).build()), "route", NOW);
    assertEquals(2, table.lines().count(), table);
    assertEquals("reviews-v2", table.lines().toList().get(1).split(" +")[1]);
    assertEquals("no telemetry in the last 60 s\n", GoldenTable.render(List.of(), "service", NOW));
  }

  @Test
  void shouldShowNoPercentilesForWindowsWithoutAHistogram() {
    String table = GoldenTable.render(List.of(edge(NOW.minusSeconds(20), 200, 1_000)
        .setDurationHistogram(java.nio.ByteBuffer.allocate(0)).build()), "service", NOW);
    assertEquals(List.of("1", "0.02", "100.00%", "-", "-", "-"),
        List.of(table.lines().toList().get(1).split(" +")).subList(1, 7));
  }
}
