package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.admin.PrometheusText.Sample;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.circuit.CircuitBreaker;
import dev.meshlog.proxy.outlier.OutlierDetector;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.retry.RetryBudget;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.snapshot.AppliedConfig;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /stats} and {@code /stats/prometheus}: the sidecar's counters and gauges in the Prometheus text format 0.0.4. */
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
        .family(PREFIX + "upstream_connections", Type.GAUGE, "Upstream connections open, idle or busy.",
            view.upstreamConnections().getAsInt())
        .family(PREFIX + "downstream_cx_http1_total", Type.COUNTER,
            "Downstream connections that spoke HTTP/1.1, both listeners.", view.downstreamHttp1Connections().getAsLong())
        .family(PREFIX + "downstream_cx_http2_total", Type.COUNTER,
            "Downstream connections that spoke HTTP/2 (h2c or h2 over TLS), both listeners.",
            view.downstreamHttp2Connections().getAsLong());
    List<Sample> active = new ArrayList<>();
    List<Sample> endpoints = new ArrayList<>();
    ClusterSamples breakers = new ClusterSamples();
    List<RetryBudget> retryBudgets = new ArrayList<>();
    for (RouteTable.ClusterEndpoints cluster : applied.routes().clusters()) {
      Map<String, String> labels = Map.of("cluster", cluster.cluster().name());
      int sum = 0;
      for (LbEndpoint<Endpoint> endpoint : cluster.endpoints()) {
        sum += endpoint.activeRequests().get();
      }
      active.add(new Sample(labels, sum));
      endpoints.add(new Sample(labels, cluster.endpoints().size()));
      breakers.add(labels, cluster.live().breaker(), cluster.live().detector());
      retryBudgets.add(cluster.live().retryBudget());
    }
    text.family(PREFIX + "cluster_active_requests", Type.GAUGE,
            "Requests in flight to the cluster's endpoints under the applied snapshot.", active)
        .family(PREFIX + "cluster_endpoints", Type.GAUGE, "Endpoints of the cluster in the applied snapshot.", endpoints);
    RetryStats.addTo(text, retryBudgets);
    breakers.renderTo(text);
    TcpStatsSection.render(view.tcp(), text);
    // Envoy's names with dots as underscores: ssl.fail_verify_san -> meshlog_proxy_ssl_fail_verify_san_total.
    view.mtls().snapshot().forEach((counter, value) -> text.family(
        PREFIX + counter.statName().replace('.', '_') + "_total", Type.COUNTER, counter.help(), value));
    view.certificates().ifPresent(status -> CertsPage.stats(status, text));
    RbacStatsSection.render(view.rbac(), text);
    TelemetryStatsSection.render(view.telemetry().get(), text);
    TelemetryStatsSection.renderPeers(view.peers(), text);
    DownstreamLimitsSection.render(view.rejections(), text);
    text.family(PREFIX + "overload_shed_total", Type.COUNTER,
            "Downstream requests shed (503, x-meshlog-overloaded, flag OM) over the active request bound.",
            view.overload().shedCount())
        .family(PREFIX + "overload_shed_unreported_total", Type.COUNTER,
            "Shed requests over the report rate: counted here, without a telemetry or access-log record.",
            view.overload().unreportedCount())
        .family(PREFIX + "overload_active_requests", Type.GAUGE, "Downstream requests holding a slot of the bound now.",
            view.overload().active())
        .family(PREFIX + "overload_max_active_requests", Type.GAUGE, "The bound on active downstream requests.",
            view.overload().maxActiveRequests());
    // The mesh-wide name, not meshlog_proxy_*: one metric for every job, told apart by its job label.
    return text.render() + DeadLetterCounts.prometheus(List.of(view.history().deadLetters()));
  }

  /** Envoy's circuit breaker and outlier detection stats per cluster, named as Envoy names them. */
  private static final class ClusterSamples {
    final List<Sample> cxActive = new ArrayList<>();
    final List<Sample> pendingActive = new ArrayList<>();
    final List<Sample> rqActive = new ArrayList<>();
    final List<Sample> cxOverflow = new ArrayList<>();
    final List<Sample> pendingOverflow = new ArrayList<>();
    final List<Sample> ejectionsTotal = new ArrayList<>();
    final List<Sample> ejectionsActive = new ArrayList<>();
    final List<Sample> ejectionsOverflow = new ArrayList<>();

    void add(Map<String, String> labels, CircuitBreaker breaker, OutlierDetector detector) {
      cxActive.add(new Sample(labels, breaker.openConnections()));
      pendingActive.add(new Sample(labels, breaker.pendingRequests()));
      rqActive.add(new Sample(labels, breaker.activeRequests()));
      cxOverflow.add(new Sample(labels, breaker.connectionOverflows()));
      pendingOverflow.add(new Sample(labels, breaker.pendingOverflows()));
      ejectionsTotal.add(new Sample(labels, detector.ejectionsTotal()));
      ejectionsActive.add(new Sample(labels, detector.ejectedCount()));
      ejectionsOverflow.add(new Sample(labels, detector.ejectionsOverflow()));
    }

    void renderTo(PrometheusText text) {
      text.family(PREFIX + "upstream_cx_active", Type.GAUGE,
              "Upstream connections open to the cluster, all event loops (its connection breaker's count).", cxActive)
          .family(PREFIX + "upstream_rq_pending_active", Type.GAUGE,
              "Requests waiting for a connection to the cluster.", pendingActive)
          .family(PREFIX + "upstream_rq_active", Type.GAUGE,
              "Requests in flight to the cluster (its request breaker's count).", rqActive)
          .family(PREFIX + "upstream_cx_overflow_total", Type.COUNTER,
              "Times the cluster's connection circuit breaker overflowed.", cxOverflow)
          .family(PREFIX + "upstream_rq_pending_overflow_total", Type.COUNTER,
              "Requests failed 503 UO by the pending or request circuit breaker.", pendingOverflow)
          .family(PREFIX + "outlier_detection_ejections_total", Type.COUNTER,
              "Endpoints ejected by outlier detection since start.", ejectionsTotal)
          .family(PREFIX + "outlier_detection_ejections_active", Type.GAUGE,
              "Endpoints of the cluster ejected now.", ejectionsActive)
          .family(PREFIX + "outlier_detection_ejections_overflow_total", Type.COUNTER,
              "Ejections not made because maxEjectionPercent was reached.", ejectionsOverflow);
    }
  }
}
