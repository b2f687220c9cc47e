package dev.meshlog.telemetry.query;

import dev.meshlog.avro.RequestMetric;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code meshlog top}'s table: one row per edge, code and window ({@link TopRows} picks and merges
 * them), columns sized to their widest cell so nothing is cut; text left-aligned, numbers
 * right-aligned. Times are UTC. Latency percentiles come from the merged duration histograms.
 */
public final class TopTable {

  static final List<String> HEADERS = List.of("WINDOW", "SOURCE", "DESTINATION", "WORKLOAD", "VERSION", "CODE",
      "REQUESTS", "ERRORS", "P50_MS", "P99_MS");
  private static final boolean[] NUMERIC = {false, false, false, false, false, true, true, true, true, true};
  private static final DateTimeFormatter WINDOW = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String GAP = "  ";

  private TopTable() {}

  /** The table, or "no telemetry" when the list is empty. */
  public static String render(List<RequestMetric> metrics) {
    List<TopRows.Row> rows = TopRows.of(metrics);
    return rows.isEmpty() ? "no telemetry\n" : table(rows);
  }

  /** The table, or "no telemetry in the last N s" when the list is empty. */
  public static String render(List<RequestMetric> metrics, Duration lookback) {
    List<TopRows.Row> rows = TopRows.of(metrics);
    return rows.isEmpty() ? "no telemetry in the last " + lookback.toSeconds() + " s\n" : table(rows);
  }

  private static String table(List<TopRows.Row> metrics) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADERS);
    metrics.forEach(m -> rows.add(cells(m)));
    int[] widths = new int[HEADERS.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = row.get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(i == 0 ? "" : GAP).append(NUMERIC[i] ? pad + cell : cell + pad);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  static List<String> cells(TopRows.Row row) {
    RequestMetric m = row.metric();
    return List.of(
        WINDOW.format(m.getWindowStart()),
        m.getSourceWorkload() + "." + m.getSourceNamespace(),
        m.getDestinationService(),
        m.getDestinationWorkload(),
        m.getDestinationVersion(),
        Integer.toString(m.getResponseCode()),
        Long.toString(row.merge().count()),
        Long.toString(row.merge().errorCount()),
        millis(row.merge().percentileMicros(50)),
        millis(row.merge().percentileMicros(99)));
  }

  private static String millis(long micros) {
    return micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }
}
