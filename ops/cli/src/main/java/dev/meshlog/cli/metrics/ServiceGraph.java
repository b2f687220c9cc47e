package dev.meshlog.cli.metrics;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.query.ReporterRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kiali's workload graph with service nodes, over the last minute: source workload -> service ->
 * destination workload, each edge with rps, error rate and p99 (the JSON of /api/graph). A request
 * reported by both of its proxies counts once, by {@link ReporterRule}, as in the golden signals; the
 * destination's report names the caller's workload through the sidecars' peer metadata exchange.
 */
final class ServiceGraph {

  private record Node(String id, String type, String name, String namespace) {}

  private record EdgeKey(Node from, Node to) {}

  private ServiceGraph() {}

  static Map<String, Object> of(List<RequestMetric> windows, Instant now) {
    List<RequestMetric> recent = ReporterRule.countOnce(LastMinute.select(windows, now, false));
    Map<EdgeKey, RequestTotals> inbound = LastMinute.sumBy(recent,
        m -> new EdgeKey(workload(m.getSourceNamespace(), m.getSourceWorkload()), service(m)));
    Map<EdgeKey, RequestTotals> outbound = LastMinute.sumBy(recent,
        m -> new EdgeKey(service(m), workload(m.getDestinationNamespace(), m.getDestinationWorkload())));

    Map<String, Node> nodes = new TreeMap<>();
    List<Map<String, Object>> edges = new ArrayList<>();
    for (Map<EdgeKey, RequestTotals> part : List.of(inbound, outbound)) {
      part.forEach((k, t) -> {
        nodes.putIfAbsent(k.from().id(), k.from());
        nodes.putIfAbsent(k.to().id(), k.to());
        Map<String, Object> edge = new LinkedHashMap<>();
        edge.put("source", k.from().id());
        edge.put("target", k.to().id());
        edge.put("requests", t.requests());
        edge.put("rps", LastMinute.round(LastMinute.rps(t)));
        edge.put("errorRate", LastMinute.round(1 - t.successRate()));
        edge.put("p99Ms", LastMinute.percentileMillis(t, 99));
        edges.add(edge);
      });
    }
    edges.sort((a, b) -> (a.get("source") + "\u0000" + a.get("target")).compareTo(b.get("source") + "\u0000" + b.get("target")));

    List<Map<String, Object>> nodeList = new ArrayList<>();
    nodes.values().forEach(n -> {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("id", n.id());
      node.put("type", n.type());
      node.put("name", n.name());
      node.put("namespace", n.namespace());
      nodeList.add(node);
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("windowSeconds", LastMinute.SPAN.toSeconds());
    out.put("time", now.toString());
    out.put("nodes", nodeList);
    out.put("edges", edges);
    return out;
  }

  private static Node workload(String namespace, String name) {
    return new Node("workload:" + namespace + "/" + name, "workload", name, namespace);
  }

  private static Node service(RequestMetric m) {
    ServiceName s = ServiceName.of(m.getDestinationService(), m.getDestinationNamespace());
    return new Node("service:" + m.getDestinationService(), "service", m.getDestinationService(), s.namespace());
  }
}
