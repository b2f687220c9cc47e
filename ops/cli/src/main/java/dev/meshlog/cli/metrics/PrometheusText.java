package dev.meshlog.cli.metrics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Prometheus text exposition format 0.0.4 of the cumulative totals, with Istio's metric names
 * under {@code meshlog_}. Request and response bytes are summaries without quantiles (only
 * {@code _sum} and {@code _count}): the aggregates carry byte sums, not byte distributions.
 */
final class PrometheusText {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  static String render(CumulativeMetrics.Totals totals) {
    return render(totals, DurationUnit.MILLISECONDS);
  }

  static String render(CumulativeMetrics.Totals totals, DurationUnit unit) {
    StringBuilder out = new StringBuilder();
    Map<IstioLabels, RequestTotals> requests = totals.requests();
    header(out, "meshlog_requests_total", "counter", "Requests proxied (Istio's istio_requests_total).");
    requests.forEach((l, t) -> sample(out, "meshlog_requests_total", l, "", t.requests()));

    String duration = unit.metricName;
    header(out, duration, "histogram", "Request durations in " + unit.name().toLowerCase(Locale.ROOT)
        + " (Istio's istio_request_duration_milliseconds).");
    requests.forEach((l, t) -> {
      long[] buckets = DurationBuckets.cumulative(t.durations(), t.requests());
      for (int i = 0; i < buckets.length; i++) {
        sample(out, duration + "_bucket", l, bucketLabel(DurationBuckets.ISTIO_MS.get(i) / unit.millis), buckets[i]);
      }
      sample(out, duration + "_bucket", l, "le=\"+Inf\"", t.requests());
      sampleDouble(out, duration + "_sum", l, t.durationMicrosSum() / 1000.0 / unit.millis);
      sample(out, duration + "_count", l, "", t.requests());
    });

    byteSummary(out, "meshlog_request_bytes", "Request body bytes (Istio's istio_request_bytes; sum and count only).",
        requests, RequestTotals::requestBytesSum);
    byteSummary(out, "meshlog_response_bytes", "Response body bytes (Istio's istio_response_bytes; sum and count only).",
        requests, RequestTotals::responseBytesSum);

    tcpCounter(out, "meshlog_tcp_opened_total", "TCP connections opened (Istio's istio_tcp_connections_opened_total).",
        totals.tcp(), TcpTotals::opened);
    tcpCounter(out, "meshlog_tcp_closed_total", "TCP connections closed (Istio's istio_tcp_connections_closed_total).",
        totals.tcp(), TcpTotals::closed);
    tcpCounter(out, "meshlog_tcp_sent_bytes_total", "Bytes sent to the destination over TCP (Istio's istio_tcp_sent_bytes_total).",
        totals.tcp(), TcpTotals::sentBytes);
    tcpCounter(out, "meshlog_tcp_received_bytes_total", "Bytes received from the destination over TCP (Istio's istio_tcp_received_bytes_total).",
        totals.tcp(), TcpTotals::receivedBytes);
    return out.toString();
  }

  private static void byteSummary(StringBuilder out, String name, String help, Map<IstioLabels, RequestTotals> requests,
      ToLongFunction<RequestTotals> sum) {
    header(out, name, "summary", help);
    requests.forEach((l, t) -> {
      sample(out, name + "_sum", l, "", sum.applyAsLong(t));
      sample(out, name + "_count", l, "", t.requests());
    });
  }

  private static void tcpCounter(StringBuilder out, String name, String help, Map<IstioLabels, TcpTotals> tcp,
      ToLongFunction<TcpTotals> value) {
    header(out, name, "counter", help);
    tcp.forEach((l, t) -> sample(out, name, l, "", value.applyAsLong(t)));
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, IstioLabels labels, String extra, long value) {
    labels(out.append(name), labels, extra).append(' ').append(value).append('\n');
  }

  private static void sampleDouble(StringBuilder out, String name, IstioLabels labels, double value) {
    labels(out.append(name), labels, "").append(' ').append(formatDouble(value)).append('\n');
  }

  private static StringBuilder labels(StringBuilder out, IstioLabels labels, String extra) {
    out.append('{');
    List<String> names = labels.names();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(names.get(i)).append("=\"").append(escapeLabelValue(labels.values().get(i))).append('"');
    }
    if (!extra.isEmpty()) {
      out.append(',').append(extra);
    }
    return out.append('}');
  }

  static String bucketLabel(double boundMs) {
    return "le=\"" + formatDouble(boundMs) + "\"";
  }

  /** Plain decimal, shortest form: {@code 1000}, {@code 0.5}, {@code 0.0005} (never {@code 5.0E-4}). */
  static String formatDouble(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** Label values escape backslash, double quote and line feed (format 0.0.4). */
  static String escapeLabelValue(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** HELP text escapes backslash and line feed only. */
  static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
