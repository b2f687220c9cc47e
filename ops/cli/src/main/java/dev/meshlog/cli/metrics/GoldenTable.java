package dev.meshlog.cli.metrics;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.cli.TextTable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code meshlog top --by service|route}: the golden signals of /api/golden as a text table. */
public final class GoldenTable {

  private GoldenTable() {}

  /**
   * @param by {@code service} or {@code route}
   * @throws IllegalArgumentException naming {@code by} when it is neither
   */
  @SuppressWarnings("unchecked")
  public static String render(List<RequestMetric> windows, String by, Instant now) {
    GoldenSignals.By grouping = GoldenSignals.parseBy(by);
    boolean perRoute = grouping == GoldenSignals.By.ROUTE;
    List<Map<String, Object>> rows = (List<Map<String, Object>>) GoldenSignals.of(windows, grouping, now).get("rows");
    if (rows.isEmpty()) {
      return "no telemetry in the last " + LastMinute.SPAN.toSeconds() + " s\n";
    }
    TextTable table = perRoute
        ? new TextTable("SERVICE", "ROUTE", "REQUESTS", "RPS", "SUCCESS", "P50_MS", "P95_MS", "P99_MS")
        : new TextTable("SERVICE", "REQUESTS", "RPS", "SUCCESS", "P50_MS", "P95_MS", "P99_MS");
    for (Map<String, Object> r : rows) {
      String[] numbers = {Long.toString((long) r.get("requests")), fixed(r.get("rps"), 2),
          String.format(Locale.ROOT, "%.2f%%", 100 * (double) r.get("successRate")),
          fixed(r.get("p50Ms"), 2), fixed(r.get("p95Ms"), 2), fixed(r.get("p99Ms"), 2)};
      if (perRoute) {
        table.row(concat(new String[] {(String) r.get("service"), (String) r.get("route")}, numbers));
      } else {
        table.row(concat(new String[] {(String) r.get("service")}, numbers));
      }
    }
    return table.render();
  }

  /** A number with fixed decimals; "-" for a percentile the windows had no histogram for. */
  private static String fixed(Object v, int digits) {
    return v == null ? "-" : String.format(Locale.ROOT, "%." + digits + "f", (double) v);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
