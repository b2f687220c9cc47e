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
    metrics.offer("k", metric(T, SVC, "reviews-v1", "v1", 200, 1));
    metrics.offer("k", metric(T, SVC, "reviews-v1", "v1", 200, 7));

    assertEquals(List.of(7L), counts(metrics.endingAtOrAfter(T)));
  }

  @Test
  void shouldForgetKeyOnTombstone() {
    var metrics = new RecentMetrics();
    metrics.offer("k", metric(T, SVC, "reviews-v1", "v1", 200, 1));
    metrics.offer("k", null);

    assertEquals(List.of(), metrics.endingAtOrAfter(T));
  }

  @Test
  void shouldDropWindowsThatEndedBeforeCutoffAndKeepOpenOnes() {
    var metrics = new RecentMetrics();
    metrics.offer("old", metric(T.minusSeconds(30), SVC, "reviews-v1", "v1", 200, 1)); // ends T-20
    metrics.offer("edge", metric(T.minusSeconds(20), SVC, "reviews-v1", "v1", 200, 2)); // ends T-10
    metrics.offer("open", metric(T, SVC, "reviews-v1", "v1", 200, 3)); // ends T+10

    assertEquals(List.of(3L, 2L), counts(metrics.endingAtOrAfter(T.minusSeconds(10))));
  }

  @Test
  void shouldSortNewestWindowFirstThenDestinationThenCode() {
    var metrics = new RecentMetrics();
    metrics.offer("a", metric(T, SVC, "reviews-v2", "v2", 200, 1));
    metrics.offer("b", metric(T, SVC, "reviews-v1", "v1", 503, 2));
    metrics.offer("c", metric(T, SVC, "reviews-v1", "v1", 200, 3));
    metrics.offer("d", metric(T.plusSeconds(10), SVC, "reviews-v2", "v2", 200, 4));

    assertEquals(List.of(4L, 3L, 2L, 1L), counts(metrics.endingAtOrAfter(T)));
  }

  private static RequestMetric metric(Instant start, String service, String workload, String version, int code, int count) {
    return TopTableTest.metric(start, service, workload, version, code, java.util.stream.LongStream.range(0, count).map(i -> 1_000).toArray());
  }

  private static List<Long> counts(List<RequestMetric> metrics) {
    return metrics.stream().map(RequestMetric::getRequestCount).toList();
  }
}
