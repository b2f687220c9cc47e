package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.admin.PrometheusText.Sample;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import dev.meshlog.proxy.tcp.TcpStats;
import dev.meshlog.proxy.tcp.TcpStats.RouteCounters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The TCP proxy's families on {@code /stats}, one sample per tcp route (labels {@code route} = host,
 * {@code port}); a sidecar that never served a TCP route shows none of them.
 */
final class TcpStatsSection {

  private static final String PREFIX = StatsPage.PREFIX + "tcp_";

  private TcpStatsSection() {}

  static void render(TcpStats stats, PrometheusText text) {
    List<RouteCounters> routes = stats.routes();
    family(text, routes, "connections_opened_total", "TCP client connections accepted.", RouteCounters::opened);
    family(text, routes, "connections_closed_total", "TCP client connections closed.", RouteCounters::closed);
    family(text, routes, "received_bytes_total", "Bytes read from TCP clients and relayed upstream.",
        RouteCounters::receivedBytes);
    family(text, routes, "sent_bytes_total", "Bytes read from upstreams and relayed to TCP clients.",
        RouteCounters::sentBytes);
    family(text, routes, "connect_failures_total", "Upstream connect attempts that failed.", RouteCounters::connectFailures);
    family(text, routes, "upstream_failures_total",
        "TCP client connections closed because no upstream connect succeeded (UF).", RouteCounters::upstreamFailures);
    family(text, routes, "no_healthy_upstream_total",
        "TCP client connections closed because the picked cluster had no endpoint (UH).", RouteCounters::noHealthyUpstream);
  }

  private static void family(PrometheusText text, List<RouteCounters> routes, String name, String help,
      ToLongFunction<RouteCounters> value) {
    text.family(PREFIX + name, Type.COUNTER, help, routes.stream().map(r -> sample(r, value.applyAsLong(r))).toList());
  }

  private static Sample sample(RouteCounters route, long value) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("route", route.host());
    labels.put("port", Integer.toString(route.port()));
    return new Sample(labels, value);
  }
}
