package dev.meshlog.telemetry.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.RequestMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopTableTest {

  @Test
  void shouldRenderAlignedRowsWithUtcWindowAndAverageMillis() {
    Instant start = Instant.parse("2025-01-01T13:04:50Z");
    List<RequestMetric> metrics = List.of(
        metric(start, "reviews.default.svc.cluster.local", "reviews-v1", "v1", 200, 20, 30_000),
        metric(start, "reviews.default.svc.cluster.local", "reviews-v2", "v2", 503, 3, 4_500));

    String table = TopTable.render(metrics, Duration.ofSeconds(60));

    assertEquals(String.join("\n",
        "WINDOW    SOURCE               DESTINATION                        WORKLOAD    VERSION  CODE  REQUESTS  AVG_MS",
        "13:04:50  productpage.default  reviews.default.svc.cluster.local  reviews-v1  v1        200        20    1.50",
        "13:04:50  productpage.default  reviews.default.svc.cluster.local  reviews-v2  v2        503         3    1.50",
        ""), table);
  }

  @Test
  void shouldSayNoTelemetryInLookbackWhenEmpty() {
    assertEquals("no telemetry in the last 60 s\n", TopTable.render(List.of(), Duration.ofSeconds(60)));
    assertEquals("no telemetry\n", TopTable.render(List.of()));
  }

  @Test
  void shouldShowDashForAverageOfEmptyWindow() {
    var m = metric(Instant.EPOCH, "a.default.svc.cluster.local", "a-1", "v1", 200, 0, 0);

    assertEquals("-", TopTable.cells(m).get(7));
  }

  static RequestMetric metric(Instant start, String service, String workload, String version, int code,
      long count, long durationSum) {
    return RequestMetric.newBuilder()
        .setSourceWorkload("productpage").setSourceNamespace("default")
        .setDestinationService(service).setDestinationWorkload(workload).setDestinationVersion(version)
        .setResponseCode(code)
        .setWindowStart(start).setWindowEnd(start.plusSeconds(10))
        .setRequestCount(count).setDurationMicrosSum(durationSum).setResponseBytesSum(0)
        .build();
  }
}
