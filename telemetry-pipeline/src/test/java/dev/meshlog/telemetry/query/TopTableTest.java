package dev.meshlog.telemetry.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.histogram.DurationHistograms;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TopTableTest {

  private static final Instant START = Instant.parse("2025-01-01T13:04:50Z");
  private static final String SVC = "reviews.default.svc.cluster.local";

  @Test
  void shouldRenderAlignedRowsWithUtcWindowErrorsAndPercentilesFromHistograms() {
    List<RequestMetric> metrics = List.of(
        metric(START, SVC, "reviews-v1", "v1", 200, 1_000, 1_000, 1_000, 2_000, 50_000),
        metric(START, SVC, "reviews-v2", "v2", 503, 4_000, 4_000, 4_000));

    String table = TopTable.render(metrics, Duration.ofSeconds(60));

    assertEquals(String.join("\n",
        "WINDOW    SOURCE               DESTINATION                        WORKLOAD    VERSION  CODE  REQUESTS  ERRORS  P50_MS  P99_MS",
        "13:04:50  productpage.default  reviews.default.svc.cluster.local  reviews-v1  v1        200         5       0    1.00   50.02",
        "13:04:50  productpage.default  reviews.default.svc.cluster.local  reviews-v2  v2        503         3       3    4.00    4.00",
        ""), table);
  }

  @Test
  void shouldMergeLabelSetsOfOneEdgeIntoOneRowAndSkipRouteAndMinuteAggregates() {
    RequestMetric mtls = metric(START, SVC, "reviews-v1", "v1", 200, 1_000, 1_000);
    RequestMetric plain = RequestMetric.newBuilder(metric(START, SVC, "reviews-v1", "v1", 200, 9_000, 9_000))
        .setConnectionSecurityPolicy("none").build();
    RequestMetric route = RequestMetric.newBuilder(mtls).setRouteName("r").build();
    RequestMetric minute = RequestMetric.newBuilder(mtls).setWindowSizeMs(60_000).build();

    List<String> cells = TopTable.cells(TopRows.of(List.of(mtls, plain, route, minute)).get(0));

    assertEquals(1, TopRows.of(List.of(mtls, plain, route, minute)).size());
    assertEquals(List.of("4", "0", "1.00", "9.01"), cells.subList(6, 10));
  }

  @Test
  void shouldCountTheDestinationsOwnReportsOnceWhenBothEndsReported() {
    RequestMetric bySource = metric(START, SVC, "reviews-v1", "v1", 200, 1_000);
    RequestMetric byDestination = RequestMetric.newBuilder(bySource).setReporter("destination")
        .setSourceWorkload("unknown").build();

    List<TopRows.Row> rows = TopRows.of(List.of(bySource, byDestination));

    assertEquals(1, rows.size());
    assertEquals("destination", rows.get(0).metric().getReporter());
    assertEquals(1, rows.get(0).merge().count(), "a request reported by both ends counts once");
  }

  @Test
  void shouldSayNoTelemetryInLookbackWhenEmpty() {
    assertEquals("no telemetry in the last 60 s\n", TopTable.render(List.of(), Duration.ofSeconds(60)));
    assertEquals("no telemetry\n", TopTable.render(List.of()));
  }

  @Test
  void shouldShowDashForPercentilesOfMetricsWithoutHistogram() {
    var m = RequestMetric.newBuilder(metric(START, SVC, "a-1", "v1", 200, 1_000))
        .setDurationHistogram(ByteBuffer.wrap(new byte[0])).build();

    assertEquals(List.of("-", "-"), TopTable.cells(TopRows.of(List.of(m)).get(0)).subList(8, 10));
  }

  /** A 10 s per-edge source-reported metric of the given durations (µs); 5xx are errors. */
  static RequestMetric metric(Instant start, String service, String workload, String version, int code, long... durations) {
    Histogram h = DurationHistograms.create();
    long sum = 0;
    for (long d : durations) {
      h.recordValue(d);
      sum += d;
    }
    return RequestMetric.newBuilder()
        .setReporter("source")
        .setSourceWorkload("productpage").setSourceNamespace("default")
        .setDestinationService(service).setDestinationWorkload(workload).setDestinationVersion(version)
        .setResponseCode(code)
        .setWindowStart(start).setWindowEnd(start.plusSeconds(10)).setWindowSizeMs(10_000)
        .setRequestCount(durations.length).setErrorCount(code >= 500 ? durations.length : 0)
        .setDurationMicrosSum(sum).setResponseBytesSum(0)
        .setDurationHistogram(ByteBuffer.wrap(DurationHistograms.encode(h)))
        .build();
  }
}
