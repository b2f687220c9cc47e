package dev.meshlog.telemetry.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.RequestMetric;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentMetricsTest {

  private static final Instant T = Instant.parse("2025-01-01T00:01:00Z");
  private static final String SVC = "reviews.default.svc.cluster.local";

  @Test
  void shouldKeepLatestValuePerKey() {
    var metrics = new RecentMetrics();
    metrics.offer("k", TopTableTest.metric(T, SVC, "reviews-v1", "v1", 200, 1, 0));
    metrics.offer("k", TopTableTest.metric(T, SVC, "reviews-v1", "v1", 200, 7, 0));

    assertEquals(List.of(7L), counts(metrics.endingAtOrAfter(T)));
  }

  @Test
  void shouldForgetKeyOnTombstone() {
    var metrics = new RecentMetrics();
    metrics.offer("k", TopTableTest.metric(T, SVC, "reviews-v1", "v1", 200, 1, 0));
    metrics.offer("k", null);

    assertEquals(List.of(), metrics.endingAtOrAfter(T));
  }

  @Test
  void shouldDropWindowsThatEndedBeforeCutoffAndKeepOpenOnes() {
    var metrics = new RecentMetrics();
    metrics.offer("old", TopTableTest.metric(T.minusSeconds(30), SVC, "reviews-v1", "v1", 200, 1, 0)); // ends T-20
    metrics.offer("edge", TopTableTest.metric(T.minusSeconds(20), SVC, "reviews-v1", "v1", 200, 2, 0)); // ends T-10
    metrics.offer("open", TopTableTest.metric(T, SVC, "reviews-v1", "v1", 200, 3, 0)); // ends T+10

    assertEquals(List.of(3L, 2L), counts(metrics.endingAtOrAfter(T.minusSeconds(10))));
  }

  @Test
  void shouldSortNewestWindowFirstThenDestinationThenCode() {
    var metrics = new RecentMetrics();
    metrics.offer("a", TopTableTest.metric(T, SVC, "reviews-v2", "v2", 200, 1, 0));
    metrics.offer("b", TopTableTest.metric(T, SVC, "reviews-v1", "v1", 503, 2, 0));
    metrics.offer("c", TopTableTest.metric(T, SVC, "reviews-v1", "v1", 200, 3, 0));
    metrics.offer("d", TopTableTest.metric(T.plusSeconds(10), SVC, "reviews-v2", "v2", 200, 4, 0));

    assertEquals(List.of(4L, 3L, 2L, 1L), counts(metrics.endingAtOrAfter(T)));
  }

  private static List<Long> counts(List<RequestMetric> metrics) {
    return metrics.stream().map(RequestMetric::getRequestCount).toList();
  }
}
