package dev.meshlog.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.proxy.admin.PrometheusText.Sample;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void shouldWriteHelpThenTypeThenTheSample() {
    String page = new PrometheusText().family("meshlog_proxy_snapshot_version", Type.GAUGE, "Applied version.", 7).render();
    assertEquals("""
        # HELP meshlog_proxy_snapshot_version Applied version.
        # TYPE meshlog_proxy_snapshot_version gauge
        meshlog_proxy_snapshot_version 7
        """, page);
  }

  @Test
  void shouldEscapeBackslashQuoteAndNewlineInLabelValues() {
    String page = new PrometheusText().family("x_active", Type.GAUGE, "h",
        List.of(new Sample(Map.of("cluster", "a\\b\"c\nd"), 1))).render();
    assertEquals("x_active{cluster=\"a\\\\b\\\"c\\nd\"} 1\n", page.lines().skip(2).findFirst().orElseThrow() + "\n");
  }

  @Test
  void shouldEscapeBackslashAndNewlineButNotQuotesInHelp() {
    assertEquals("say \"hi\" \\\\ twice\\nplease", PrometheusText.escapeHelp("say \"hi\" \\ twice\nplease"));
  }

  @Test
  void shouldKeepLabelOrderAndSeparateWithCommas() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("cluster", "outbound|80|v1|reviews.default.svc.cluster.local");
    labels.put("endpoint", "127.0.0.1:8080");
    String page = new PrometheusText().family("x_total", Type.COUNTER, "h", List.of(new Sample(labels, 3))).render();
    assertEquals("x_total{cluster=\"outbound|80|v1|reviews.default.svc.cluster.local\",endpoint=\"127.0.0.1:8080\"} 3",
        page.lines().toList().get(2));
  }

  @Test
  void shouldRejectACounterNotEndingInTotal() {
    assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("requests", Type.COUNTER, "h", 1));
  }

  @Test
  void shouldRejectInvalidMetricAndLabelNames() {
    assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("meshlog-proxy", Type.GAUGE, "h", 1));
    assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("g", Type.GAUGE, "h",
        List.of(new Sample(Map.of("bad-label", "v"), 1))));
    assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("g", Type.GAUGE, "h",
        List.of(new Sample(Map.of("__reserved", "v"), 1))));
  }

  @Test
  void shouldLeaveOutAFamilyWithoutSamples() {
    assertEquals("", new PrometheusText().family("g", Type.GAUGE, "h", List.of()).render());
  }

  @Test
  void shouldFormatWholeNumbersWithoutAFractionAndSpecialsAsTheFormatSpellsThem() {
    assertEquals("-1", PrometheusText.formatValue(-1));
    assertEquals("0.25", PrometheusText.formatValue(0.25));
    assertEquals("NaN", PrometheusText.formatValue(Double.NaN));
    assertEquals("+Inf", PrometheusText.formatValue(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", PrometheusText.formatValue(Double.NEGATIVE_INFINITY));
  }
}
