package dev.meshlog.cli.metrics;

import static dev.meshlog.cli.metrics.MetricFixtures.NOW;
import static dev.meshlog.cli.metrics.MetricFixtures.edge;
import static dev.meshlog.cli.metrics.MetricFixtures.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static String render(MetricWindows windows) {
    return PrometheusText.render(new CumulativeMetrics().fold(windows));
  }

  /** Sample lines of one metric name, keyed by their le label (or "" without one). */
  private static Map<String, String> samples(String text, String name) {
    return text.lines().filter(l -> l.startsWith(name + "{"))
        .collect(Collectors.toMap(l -> l.contains(",le=\"") ? l.substring(l.indexOf(",le=\"") + 5, l.lastIndexOf('"')) : "",
            l -> l.substring(l.lastIndexOf(' ') + 1), (a, b) -> a + "|" + b));
  }

  @Test
  void shouldFillIstiosDurationBucketsFromTheMicrosecondHistogram() {
    // 0.3 ms, 3 ms, 40 ms, 2 s and 45 min
    String text = render(new MetricWindows(List.of(edge(NOW, 200, 300, 3_000, 40_000, 2_000_000, 2_700_000_000L).build()), List.of()));
    Map<String, String> buckets = samples(text, "meshlog_request_duration_milliseconds_bucket");
    assertEquals("1", buckets.get("0.5"));
    assertEquals("1", buckets.get("1"));
    assertEquals("2", buckets.get("5"));
    assertEquals("2", buckets.get("25"));
    assertEquals("3", buckets.get("50"));
    assertEquals("3", buckets.get("1000"));
    assertEquals("4", buckets.get("2500"));
    assertEquals("4", buckets.get("1800000"));
    assertEquals("5", buckets.get("3600000"));
    assertEquals("5", buckets.get("+Inf"));
    assertEquals(20, buckets.size(), "19 Istio bounds and +Inf");
    assertEquals("2702043.3", samples(text, "meshlog_request_duration_milliseconds_sum").get(""));
    assertEquals("5", samples(text, "meshlog_request_duration_milliseconds_count").get(""));
    assertEquals("5", samples(text, "meshlog_requests_total").get(""));
  }

  @Test
  void shouldServeTheSameHistogramInSecondsOnRequest() {
    MetricWindows windows = new MetricWindows(List.of(edge(NOW, 200, 300, 3_000, 40_000, 2_000_000, 2_700_000_000L).build()), List.of());
    String text = PrometheusText.render(new CumulativeMetrics().fold(windows), DurationUnit.SECONDS);
    Map<String, String> buckets = samples(text, "meshlog_request_duration_seconds_bucket");
    assertEquals("1", buckets.get("0.0005"));
    assertEquals("2", buckets.get("0.005"));
    assertEquals("4", buckets.get("2.5"));
    assertEquals("5", buckets.get("3600"));
    assertEquals("2702.0433", samples(text, "meshlog_request_duration_seconds_sum").get(""));
    assertTrue(text.lines().noneMatch(l -> l.contains("milliseconds_")), text);
    assertEquals(DurationUnit.SECONDS, DurationUnit.parse("seconds"));
    assertEquals(DurationUnit.MILLISECONDS, DurationUnit.parse(null));
    assertEquals("duration_unit: must be milliseconds or seconds, got 'ms'",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DurationUnit.parse("ms")).getMessage());
  }

  @Test
  void shouldNameEveryIstioLabelInIstiosOrder() {
    String text = render(new MetricWindows(List.of(edge(NOW, 503, 1_000).build()), List.of()));
    String line = text.lines().filter(l -> l.startsWith("meshlog_requests_total{")).findFirst().orElseThrow();
    assertEquals("meshlog_requests_total{reporter=\"destination\",source_workload=\"productpage-v1\","
        + "source_workload_namespace=\"default\",source_principal=\"spiffe://cluster.local/ns/default/sa/productpage\","
        + "source_app=\"productpage\",source_version=\"v1\",destination_workload=\"reviews-v1\","
        + "destination_workload_namespace=\"default\",destination_principal=\"spiffe://cluster.local/ns/default/sa/reviews\","
        + "destination_app=\"reviews\",destination_version=\"v1\",destination_service=\"reviews.default.svc.cluster.local\","
        + "destination_service_name=\"reviews\",destination_service_namespace=\"default\",request_protocol=\"http\","
        + "response_code=\"503\",grpc_response_status=\"\",response_flags=\"-\",connection_security_policy=\"mutual_tls\"} 1", line);
  }

  @Test
  void shouldEscapeBackslashQuoteAndNewlineInLabelValues() {
    String text = render(new MetricWindows(List.of(edge(NOW, 200, 1_000).setSourceWorkload("a\\b\"c\nd").build()), List.of()));
    assertTrue(text.contains("source_workload=\"a\\\\b\\\"c\\nd\""), text);
    assertEquals("plain", PrometheusText.escapeLabelValue("plain"));
    assertEquals("a\\\\b \"q\" \\n", PrometheusText.escapeHelp("a\\b \"q\" \n"));
  }

  @Test
  void shouldDeclareEachFamilyOnceWithItsType() {
    String text = render(new MetricWindows(List.of(edge(NOW, 200, 1_000).build()), List.of(tcp(NOW, 3, 2, 500, 700).build())));
    Map<String, String> types = text.lines().filter(l -> l.startsWith("# TYPE "))
        .map(l -> l.split(" ")).collect(Collectors.toMap(p -> p[2], p -> p[3]));
    assertEquals(Map.of("meshlog_requests_total", "counter", "meshlog_request_duration_milliseconds", "histogram",
        "meshlog_request_bytes", "summary", "meshlog_response_bytes", "summary", "meshlog_tcp_opened_total", "counter",
        "meshlog_tcp_closed_total", "counter", "meshlog_tcp_sent_bytes_total", "counter",
        "meshlog_tcp_received_bytes_total", "counter"), types);
    assertEquals("100", samples(text, "meshlog_request_bytes_sum").get(""));
    assertEquals("1000", samples(text, "meshlog_response_bytes_sum").get(""));
    assertEquals("3", samples(text, "meshlog_tcp_opened_total").get(""));
    assertEquals("700", samples(text, "meshlog_tcp_received_bytes_total").get(""));
    String tcpLine = text.lines().filter(l -> l.startsWith("meshlog_tcp_sent_bytes_total{")).findFirst().orElseThrow();
    assertTrue(tcpLine.contains("request_protocol=\"tcp\"") && !tcpLine.contains("response_code"), tcpLine);
    assertTrue(text.endsWith("\n"));
  }

  @Test
  void shouldKeepBucketsWithinTheCountWhenAWindowHasNoHistogram() {
    String text = render(new MetricWindows(List.of(
        edge(NOW, 200, 1_000).build(),
        edge(NOW.plusSeconds(10), 200, 1_000).setRequestCount(4).setDurationHistogram(java.nio.ByteBuffer.allocate(0)).build()),
        List.of()));
    Map<String, String> buckets = samples(text, "meshlog_request_duration_milliseconds_bucket");
    assertEquals("1", buckets.get("1"));
    assertEquals("5", buckets.get("+Inf"));
    List<Long> values = text.lines().filter(l -> l.startsWith("meshlog_request_duration_milliseconds_bucket"))
        .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).toList();
    for (int i = 1; i < values.size(); i++) {
      assertTrue(values.get(i) >= values.get(i - 1), "buckets must be cumulative: " + values);
    }
    Function<Double, String> le = PrometheusText::bucketLabel;
    assertEquals("le=\"0.5\"", le.apply(0.5));
    assertEquals("le=\"3600000\"", le.apply(3_600_000.0));
  }
}
