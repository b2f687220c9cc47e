package dev.meshlog.cli.metrics;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.query.ReporterRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linkerd's golden signals over the last minute, per destination service or per route (the JSON of
 * /api/golden). A request reported by both ends counts once, by {@link ReporterRule}.
 */
final class GoldenSignals {

  /** What a row is about. */
  enum By { SERVICE, ROUTE }

  private record RowKey(String service, String route) {}

  private GoldenSignals() {}

  static Map<String, Object> of(List<RequestMetric> windows, By by, Instant now) {
    boolean perRoute = by == By.ROUTE;
    // The same rule as `meshlog top`: destination reports, else source reports, per destination workload.
    List<RequestMetric> counted = ReporterRule.countOnce(LastMinute.select(windows, now, perRoute));
    Map<RowKey, RequestTotals> sums = new LinkedHashMap<>();
    for (RequestMetric m : counted) {
      sums.merge(new RowKey(m.getDestinationService(), perRoute ? m.getRouteName() : ""), RequestTotals.of(m), RequestTotals::plus);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    sums.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(RowKey::service).thenComparing(RowKey::route)))
        .forEach(e -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("service", e.getKey().service());
          if (perRoute) {
            row.put("route", e.getKey().route());
          }
          row.putAll(new java.util.TreeMap<>(LastMinute.signals(e.getValue())));
          rows.add(row);
        });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("by", perRoute ? "route" : "service");
    out.put("windowSeconds", LastMinute.SPAN.toSeconds());
    out.put("time", now.toString());
    out.put("rows", rows);
    return out;
  }

  /** Parses the {@code by} query parameter; the message names the parameter and the allowed values. */
  static By parseBy(String value) {
    if (value == null || value.isEmpty() || value.equals("service")) {
      return By.SERVICE;
    }
    if (value.equals("route")) {
      return By.ROUTE;
    }
    throw new IllegalArgumentException("by: must be service or route, got '" + value + "'");
  }
}
