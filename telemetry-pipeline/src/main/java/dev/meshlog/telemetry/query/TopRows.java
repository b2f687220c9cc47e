package dev.meshlog.telemetry.query;

import dev.meshlog.avro.RequestMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which aggregates {@code top} shows and how they fold into rows. The pipeline writes each request
 * into several aggregates (10 s and 1 min windows, per edge and per route) keyed by the full label set;
 * a row is one edge (source workload -> destination service, workload, version), code and 10 s window,
 * so {@code top} takes the per-edge 10 s aggregates and merges the label sets it does not show
 * (principals, flags, protocol ...) with {@link MetricMerge}. A request reported by both ends counts
 * once, by {@link ReporterRule}: a destination behind a sidecar is counted from its own reports (their
 * source workload is {@code unknown}), others from their callers' reports.
 */
final class TopRows {

  /** Metrics of windows from before sizes existed (0) are 10 s windows. */
  static final long ROW_WINDOW_MS = 10_000;

  record Row(RequestMetric metric, MetricMerge merge) {}

  private record EdgeWindow(long start, String sourceWorkload, String sourceNamespace, String service,
      String workload, String version) {}

  private TopRows() {}

  /** Rows in the order of {@link RecentMetrics#ORDER} (the input's order is kept). */
  static List<Row> of(List<RequestMetric> metrics) {
    List<RequestMetric> edges = new ArrayList<>();
    for (RequestMetric m : metrics) {
      if (m.getRouteName().isEmpty() && (m.getWindowSizeMs() == ROW_WINDOW_MS || m.getWindowSizeMs() == 0)) {
        edges.add(m);
      }
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    for (RequestMetric m : ReporterRule.countOnce(edges)) {
      String id = edgeOf(m) + "|" + m.getResponseCode();
      rows.computeIfAbsent(id, k -> new Row(m, new MetricMerge())).merge().add(m);
    }
    return List.copyOf(rows.values());
  }

  private static EdgeWindow edgeOf(RequestMetric m) {
    return new EdgeWindow(m.getWindowStart().toEpochMilli(), m.getSourceWorkload(), m.getSourceNamespace(),
        m.getDestinationService(), m.getDestinationWorkload(), m.getDestinationVersion());
  }
}
