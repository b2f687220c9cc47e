package dev.meshlog.cli.metrics;

import static dev.meshlog.cli.metrics.MetricFixtures.NOW;
import static dev.meshlog.cli.metrics.MetricFixtures.edge;
import static dev.meshlog.cli.metrics.MetricFixtures.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.RequestMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class CumulativeMetricsTest {

  private static long requests(CumulativeMetrics.Totals totals) {
    return totals.requests().values().stream().mapToLong(RequestTotals::requests).sum();
  }

  private static MetricWindows windows(RequestMetric... metrics) {
    return new MetricWindows(List.of(metrics), List.of());
  }

  @Test
  void shouldCountAWindowsLatestValueOnceNotEachUpdate() {
    CumulativeMetrics counters = new CumulativeMetrics();
    assertEquals(2, requests(counters.fold(windows(edge(NOW, 200, 1_000, 2_000).build()))));
    assertEquals(3, requests(counters.fold(windows(edge(NOW, 200, 1_000, 2_000, 3_000).build()))));
    assertEquals(3, requests(counters.fold(windows(edge(NOW, 200, 1_000, 2_000, 3_000).build()))));
  }

  @Test
  void shouldSumWindowsAndKeepThoseTheSourceNoLongerHolds() {
    CumulativeMetrics counters = new CumulativeMetrics();
    RequestMetric first = edge(NOW, 200, 1_000, 2_000).build();
    RequestMetric second = edge(NOW.plusSeconds(10), 200, 5_000).build();
    assertEquals(3, requests(counters.fold(windows(first, second))));
    // The source dropped the first window for age: the counter must not go down.
    CumulativeMetrics.Totals totals = counters.fold(windows(second));
    assertEquals(3, requests(totals));
    assertEquals(1, totals.requests().size(), "one series: same labels in both windows");
    assertEquals(3, totals.requests().values().iterator().next().durations().getTotalCount());
    assertEquals(4, requests(counters.fold(windows(edge(NOW.plusSeconds(20), 200, 1_000).build()))));
  }

  @Test
  void shouldNeverGoDownWhenAnOlderSmallerValueArrives() {
    CumulativeMetrics counters = new CumulativeMetrics();
    counters.fold(windows(edge(NOW, 200, 1_000, 2_000, 3_000).build()));
    assertEquals(3, requests(counters.fold(windows(edge(NOW, 200, 1_000).build()))));
  }

  @Test
  void shouldNotCountPerRouteOrMinuteWindowsAgain() {
    CumulativeMetrics counters = new CumulativeMetrics();
    RequestMetric edge10s = edge(NOW, 200, 1_000, 2_000).build();
    RequestMetric route10s = edge(NOW, 200, 1_000, 2_000).setRouteName("reviews-v1").build();
    RequestMetric edge1m = edge(NOW, 200, 1_000, 2_000).setWindowSizeMs(60_000).setWindowEnd(NOW.plusSeconds(60)).build();
    assertEquals(2, requests(counters.fold(windows(edge10s, route10s, edge1m))));
  }

  @Test
  void shouldKeepOneSeriesPerLabelSet() {
    CumulativeMetrics counters = new CumulativeMetrics();
    CumulativeMetrics.Totals totals = counters.fold(windows(edge(NOW, 200, 1_000).build(), edge(NOW, 503, 1_000, 1_000).build()));
    assertEquals(2, totals.requests().size());
    assertEquals(List.of("200", "503"), totals.requests().keySet().stream().map(l -> l.get("response_code")).toList());
  }

  @Test
  void shouldAccumulateTcpCountersAcrossWindows() {
    CumulativeMetrics counters = new CumulativeMetrics();
    counters.fold(new MetricWindows(List.of(), List.of(tcp(NOW, 2, 1, 100, 200).build())));
    counters.fold(new MetricWindows(List.of(), List.of(tcp(NOW, 3, 1, 150, 250).build())));
    TcpTotals t = counters.fold(new MetricWindows(List.of(), List.of(tcp(NOW.plusSeconds(10), 1, 4, 10, 20).build())))
        .tcp().values().iterator().next();
    assertEquals(new TcpTotals(4, 5, 160, 270), t);
  }
}
