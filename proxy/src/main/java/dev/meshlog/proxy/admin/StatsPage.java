package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.admin.PrometheusText.Sample;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.snapshot.AppliedConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /stats}: the sidecar's counters and gauges in the Prometheus text format. */
final class StatsPage {

  static final String PREFIX = "meshlog_proxy_";

  private StatsPage() {}

  static String render(AdminView view) {
    AppliedConfig applied = view.live().current();
    PrometheusText text = new PrometheusText()
        .family(PREFIX + "snapshot_version", Type.GAUGE, "Version of the applied snapshot, -1 before the first.",
            applied.version())
        .family(PREFIX + "snapshots_applied_total", Type.COUNTER, "Snapshots applied (and ACKed) since start.",
            view.history().appliedCount())
        .family(PREFIX + "snapshots_rejected_total", Type.COUNTER, "Snapshots NACKed since start.",
            view.history().rejectedCount())
        .family(PREFIX + "requests_in_flight", Type.GAUGE, "Requests being relayed now, inbound and outbound.",
            view.requestsInFlight().getAsInt())
        .family(PREFIX + "telemetry_dropped_total", Type.COUNTER,
            "Request telemetry records dropped because the emit queue was full.", view.telemetryDropped().getAsLong())
        .family(PREFIX + "upstream_connections", Type.GAUGE, "Upstream connections open, idle or busy.",
            view.upstreamConnections().getAsInt());
    List<Sample> active = new ArrayList<>();
    List<Sample> endpoints = new ArrayList<>();
    for (RouteTable.ClusterEndpoints cluster : applied.routes().clusters()) {
      Map<String, String> labels = Map.of("cluster", cluster.cluster().name());
      int sum = 0;
      for (LbEndpoint<Endpoint> endpoint : cluster.endpoints()) {
        sum += endpoint.activeRequests().get();
      }
      active.add(new Sample(labels, sum));
      endpoints.add(new Sample(labels, cluster.endpoints().size()));
    }
    text.family(PREFIX + "cluster_active_requests", Type.GAUGE,
            "Requests in flight to the cluster's endpoints under the applied snapshot.", active)
        .family(PREFIX + "cluster_endpoints", Type.GAUGE, "Endpoints of the cluster in the applied snapshot.", endpoints);
    TcpStatsSection.render(view.tcp(), text);
    return text.render();
  }
}
