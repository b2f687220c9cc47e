package dev.meshlog.cli.metrics;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * Prometheus counters from windowed aggregates: per series, the sum over every window seen since
 * start. A window's latest value replaces its earlier one (never a smaller one, so a counter never
 * goes down); a window the source no longer holds is folded into the series' retired total.
 *
 * <p>Only per-edge windows of {@link #COUNTED_WINDOW_MS} are summed: per-route and 1 min records
 * describe the same requests again. Windows of size 0 come from pipelines before sizes existed.
 */
final class CumulativeMetrics {

  static final long COUNTED_WINDOW_MS = 10_000;

  private record WindowId(IstioLabels labels, long windowStart) {}

  private record LiveRequests(RequestMetric metric, RequestTotals totals) {}

  private final Map<WindowId, LiveRequests> liveRequests = new HashMap<>();
  private final Map<IstioLabels, RequestTotals> retiredRequests = new HashMap<>();
  private final Map<WindowId, TcpTotals> liveTcp = new HashMap<>();
  private final Map<IstioLabels, TcpTotals> retiredTcp = new HashMap<>();

  /** Counters after folding in {@code windows}; series sorted by label values. */
  synchronized Totals fold(MetricWindows windows) {
    Set<WindowId> seen = new HashSet<>();
    for (RequestMetric m : windows.requests()) {
      if (!m.getRouteName().isEmpty() || !counted(m.getWindowSizeMs())) {
        continue;
      }
      WindowId id = new WindowId(IstioLabels.of(m), m.getWindowStart().toEpochMilli());
      seen.add(id);
      LiveRequests old = liveRequests.get(id);
      if (old == null || (m.getRequestCount() >= old.metric().getRequestCount() && !m.equals(old.metric()))) {
        liveRequests.put(id, new LiveRequests(m, RequestTotals.of(m)));
      }
    }
    retire(liveRequests, retiredRequests, seen, LiveRequests::totals, RequestTotals::plus);

    Set<WindowId> seenTcp = new HashSet<>();
    for (ConnectionMetric m : windows.connections()) {
      if (!counted(m.getWindowSizeMs())) {
        continue;
      }
      WindowId id = new WindowId(IstioLabels.of(m), m.getWindowStart().toEpochMilli());
      seenTcp.add(id);
      TcpTotals now = TcpTotals.of(m);
      liveTcp.merge(id, now, (a, b) -> b.opened() + b.closed() >= a.opened() + a.closed() ? b : a);
    }
    retire(liveTcp, retiredTcp, seenTcp, t -> t, TcpTotals::plus);

    Map<IstioLabels, RequestTotals> requests = new HashMap<>(retiredRequests);
    liveRequests.forEach((id, live) -> requests.merge(id.labels(), live.totals(), RequestTotals::plus));
    Map<IstioLabels, TcpTotals> tcp = new HashMap<>(retiredTcp);
    liveTcp.forEach((id, t) -> tcp.merge(id.labels(), t, TcpTotals::plus));
    return new Totals(sorted(requests), sorted(tcp));
  }

  private static boolean counted(long windowSizeMs) {
    return windowSizeMs == COUNTED_WINDOW_MS || windowSizeMs == 0;
  }

  private static <L, T> void retire(Map<WindowId, L> live, Map<IstioLabels, T> retired, Set<WindowId> seen,
      java.util.function.Function<L, T> totals, BinaryOperator<T> plus) {
    var it = live.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (!seen.contains(e.getKey())) {
        retired.merge(e.getKey().labels(), totals.apply(e.getValue()), plus);
        it.remove();
      }
    }
  }

  private static <T> Map<IstioLabels, T> sorted(Map<IstioLabels, T> series) {
    Map<IstioLabels, T> out = new LinkedHashMap<>();
    series.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(l -> String.join("\u0000", l.values()))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Cumulative totals per series, in a stable order. */
  record Totals(Map<IstioLabels, RequestTotals> requests, Map<IstioLabels, TcpTotals> tcp) {}
}
