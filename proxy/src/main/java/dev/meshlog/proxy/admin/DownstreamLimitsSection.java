package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.admin.PrometheusText.Sample;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import dev.meshlog.proxy.listener.limits.DownstreamRejections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP listeners' defences on {@code /stats}: clients refused by listener and reason (every
 * reason listed, zeros included, so an alert can be written before the first attack), and the
 * downstream connections open per listener against its connection limit.
 */
final class DownstreamLimitsSection {

  private DownstreamLimitsSection() {}

  static void render(DownstreamRejections rejections, PrometheusText text) {
    List<Sample> refused = new ArrayList<>();
    rejections.snapshot().forEach((listener, counts) -> counts.forEach((reason, count) -> {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("listener", listener);
      labels.put("reason", reason.label());
      refused.add(new Sample(labels, count));
    }));
    List<Sample> open = new ArrayList<>();
    rejections.openConnections().forEach((listener, count) -> open.add(new Sample(Map.of("listener", listener), count)));
    text.family(StatsPage.PREFIX + "downstream_rejected_total", Type.COUNTER,
            "Downstream clients refused by an HTTP listener: malformed or oversized requests, timeouts, connection"
                + " limit, HTTP/2 floods (reason; docs/proxy-limits.md).", refused)
        .family(StatsPage.PREFIX + "downstream_cx_active", Type.GAUGE,
            "Downstream connections open on the HTTP listener now (bounded by its connection limit).", open);
  }
}
