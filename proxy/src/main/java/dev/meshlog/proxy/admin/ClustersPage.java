package dev.meshlog.proxy.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.snapshot.AppliedConfig;
import java.util.Map;

/**
 * {@code GET /clusters}: every cluster of the live route table with its endpoints as the balancer
 * sees them, as JSON (Envoy's {@code /clusters?format=json}, flattened).
 */
final class ClustersPage {

  /** Without active health checking every endpoint the snapshot lists is taken as healthy. */
  static final String HEALTHY = "HEALTHY";

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
        e.put("health", HEALTHY);
        // Outlier detection is not built yet, so nothing is ever ejected; the field is here so
        // tools reading this page need not change when it is.
        e.put("ejected", false);
      }
    }
    return page;
  }
}
