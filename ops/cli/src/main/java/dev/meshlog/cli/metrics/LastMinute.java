package dev.meshlog.cli.metrics;

import dev.meshlog.avro.RequestMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The 10 s windows that ended within the last minute (plus the open one), summed per group. Which
 * reports to count (a request seen by both of its proxies counts once) is the callers' choice:
 * the golden signals and the graph both pass their windows through {@code ReporterRule} first.
 */
final class LastMinute {

  static final Duration SPAN = Duration.ofMinutes(1);

  private LastMinute() {}

  /** Windows of the counted size ending after {@code now - SPAN}; per-route ones iff {@code perRoute}. */
  static List<RequestMetric> select(List<RequestMetric> all, Instant now, boolean perRoute) {
    Instant cutoff = now.minus(SPAN);
    List<RequestMetric> out = new ArrayList<>();
    for (RequestMetric m : all) {
      boolean sized = m.getWindowSizeMs() == CumulativeMetrics.COUNTED_WINDOW_MS || m.getWindowSizeMs() == 0;
      if (sized && perRoute != m.getRouteName().isEmpty() && m.getWindowEnd().isAfter(cutoff)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Totals per group key, in first-seen order. */
  static <K> Map<K, RequestTotals> sumBy(List<RequestMetric> windows, Function<RequestMetric, K> key) {
    Map<K, RequestTotals> out = new LinkedHashMap<>();
    windows.forEach(m -> out.merge(key.apply(m), RequestTotals.of(m), RequestTotals::plus));
    return out;
  }

  static double rps(RequestTotals t) {
    return t.requests() / (double) SPAN.toSeconds();
  }

  static Map<String, Object> signals(RequestTotals t) {
    Map<String, Object> row = new HashMap<>();
    row.put("requests", t.requests());
    row.put("rps", round(rps(t)));
    row.put("successRate", round(t.successRate()));
    row.put("errorRate", round(1 - t.successRate()));
    row.put("p50Ms", percentileMillis(t, 50));
    row.put("p95Ms", percentileMillis(t, 95));
    row.put("p99Ms", percentileMillis(t, 99));
    return row;
  }

  /**
   * A latency percentile for JSON, or JSON null when the windows carried no histogram (a pipeline
   * from before histograms): 0 ms would read as a fast service.
   */
  static Double percentileMillis(RequestTotals t, double percentile) {
    return t.durations().getTotalCount() == 0 ? null : round(Histograms.percentileMillis(t.durations(), percentile));
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
