package dev.meshlog.proxy.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.circuit.CircuitBreaker;
import dev.meshlog.proxy.circuit.CircuitLimits;
import dev.meshlog.proxy.circuit.UpstreamHost;
import dev.meshlog.proxy.outlier.HostOutlier;
import dev.meshlog.proxy.outlier.OutlierPolicy;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.snapshot.AppliedConfig;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /clusters}: every cluster of the live route table with its endpoints as the balancer
 * sees them, as JSON (Envoy's {@code /clusters?format=json}, flattened).
 */
final class ClustersPage {

  /** Without active health checking every endpoint the snapshot lists is healthy unless ejected. */
  static final String HEALTHY = "HEALTHY";
  /** Envoy's {@code /clusters} flag for an endpoint outlier detection ejected. */
  static final String EJECTED = "FAILED_OUTLIER_CHECK";

  private ClustersPage() {}

  static ObjectNode render(AdminView view) {
    AppliedConfig applied = view.live().current();
    ObjectNode page = JsonNodeFactory.instance.objectNode();
    page.put("proxyId", view.proxyId());
    page.put("version", applied.version());
    ArrayNode clusters = page.putArray("clusters");
    for (RouteTable.ClusterEndpoints entry : applied.routes().clusters()) {
      Cluster cluster = entry.cluster();
      ObjectNode node = clusters.addObject();
      node.put("name", cluster.name());
      node.put("host", cluster.host());
      node.put("subset", cluster.subset().orElse(""));
      node.put("port", cluster.port());
      node.put("loadBalancer", cluster.loadBalancing().kind().name());
      circuitBreakers(node.putObject("circuitBreakers"), entry.live().breaker());
      outlierDetection(node.putObject("outlierDetection"), cluster.outlier(), entry.live().detector().ejectedCount(),
          entry.live().detector().ejectionsTotal());
      ArrayNode endpoints = node.putArray("endpoints");
      for (LbEndpoint<Endpoint> lb : entry.endpoints()) {
        Endpoint endpoint = lb.endpoint();
        ObjectNode e = endpoints.addObject();
        e.put("address", lb.ringKey());
        e.put("workload", endpoint.workload());
        ObjectNode labels = e.putObject("labels");
        endpoint.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(label -> labels.put(label.getKey(), label.getValue()));
        e.put("weight", lb.weight());
        e.put("activeRequests", lb.activeRequests().get());
        HostOutlier outlier = lb.health() instanceof UpstreamHost host ? host.outlier() : null;
        long until = outlier == null ? 0 : outlier.ejectedUntilMillis();
        e.put("health", until > 0 ? EJECTED : HEALTHY);
        e.put("ejected", until > 0);
        if (until > 0) {
          // The ejection is lifted at the first interval review after this time.
          e.put("ejectedUntil", Instant.ofEpochMilli(until).toString());
        } else {
          e.putNull("ejectedUntil");
        }
        e.put("ejections", outlier == null ? 0 : outlier.ejections());
      }
    }
    return page;
  }

  private static void circuitBreakers(ObjectNode node, CircuitBreaker breaker) {
    CircuitLimits limits = breaker.limits();
    node.put("maxConnections", limits.maxConnections());
    node.put("maxPendingRequests", limits.maxPendingRequests());
    node.put("maxRequests", limits.maxRequests());
    node.put("maxRequestsPerConnection", limits.maxRequestsPerConnection());
    node.put("openConnections", breaker.openConnections());
    node.put("pendingRequests", breaker.pendingRequests());
    node.put("activeRequests", breaker.activeRequests());
  }

  private static void outlierDetection(ObjectNode node, OutlierPolicy policy, int ejected, long ejectionsTotal) {
    node.put("enabled", policy.enabled());
    node.put("consecutive5xxErrors", policy.consecutive5xxErrors());
    node.put("consecutiveGatewayErrors", policy.consecutiveGatewayErrors());
    node.put("intervalMs", policy.interval().toMillis());
    node.put("baseEjectionTimeMs", policy.baseEjectionTime().toMillis());
    node.put("maxEjectionPercent", policy.maxEjectionPercent());
    node.put("ejected", ejected);
    node.put("ejectionsTotal", ejectionsTotal);
  }
}
