package dev.meshlog.telemetry.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.RequestMetric;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReporterRuleTest {

  private static final Instant W = Instant.parse("2026-11-26T08:00:00Z");
  private static final String REVIEWS = "reviews.default.svc.cluster.local";

  private static RequestMetric report(String reporter, String workload, long count) {
    return RequestMetric.newBuilder()
        .setReporter(reporter)
        .setSourceWorkload(reporter.equals("source") ? "productpage-v1" : "unknown").setSourceNamespace("default")
        .setDestinationService(REVIEWS).setDestinationWorkload(workload).setDestinationVersion("v1")
        .setResponseCode(200)
        .setWindowStart(W).setWindowEnd(W.plusSeconds(10)).setWindowSizeMs(10_000)
        .setRequestCount(count).setErrorCount(0).setDurationMicrosSum(count).setResponseBytesSum(0)
        .build();
  }

  private static long total(List<RequestMetric> ms) {
    return ms.stream().mapToLong(RequestMetric::getRequestCount).sum();
  }

  @Test
  void shouldCountADestinationWithASidecarFromItsOwnReports() {
    List<RequestMetric> counted = ReporterRule.countOnce(List.of(report("source", "reviews-v1", 5), report("destination", "reviews-v1", 5)));
    assertEquals(List.of("destination"), counted.stream().map(RequestMetric::getReporter).toList());
    assertEquals(5, total(counted));
  }

  @Test
  void shouldFallBackToSourceReportsPerDestinationWorkload() {
    // reviews-v2 has no sidecar (no destination reports); 503s that reached no workload are only source-reported.
    List<RequestMetric> in = List.of(report("source", "reviews-v1", 5), report("destination", "reviews-v1", 5),
        report("source", "reviews-v2", 3), report("source", "unknown", 2));
    List<RequestMetric> counted = ReporterRule.countOnce(in);
    assertEquals(10, total(counted));
    assertEquals(List.of("destination", "source", "source"), counted.stream().map(RequestMetric::getReporter).toList());
  }

  @Test
  void shouldDecidePerWindowAndRoute() {
    RequestMetric laterWindow = RequestMetric.newBuilder(report("source", "reviews-v1", 4))
        .setWindowStart(W.plusSeconds(10)).setWindowEnd(W.plusSeconds(20)).build();
    RequestMetric perRoute = RequestMetric.newBuilder(report("source", "reviews-v1", 6)).setRouteName("reviews-v1").build();
    List<RequestMetric> counted = ReporterRule.countOnce(List.of(report("destination", "reviews-v1", 5), laterWindow, perRoute));
    assertEquals(15, total(counted), "the destination reported neither the later window nor the route");
  }
}
