package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.AvroValues.text;
import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.avro.L4MatchAttributes;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rules of a VirtualService spec: hosts, gateways, and its HTTP and TCP routes. */
final class VirtualServiceRules {

  static final String MESH_GATEWAY = "mesh";

  private VirtualServiceRules() {}

  static void check(VirtualServiceSpec spec, Problems problems) {
    checkHosts(list(spec.getHosts()), problems);
    List<String> gateways = list(spec.getGateways());
    for (int i = 0; i < gateways.size(); i++) {
      // Sidecar routing only: "mesh" is the implicit default gateway; real gateways do not exist yet.
      if (!MESH_GATEWAY.equals(gateways.get(i))) {
        problems.add(item("spec.gateways", i), "gateway '" + gateways.get(i) + "' is " + YamlFields.NOT_SUPPORTED
            + "; only '" + MESH_GATEWAY + "' (sidecars) is");
      }
    }
    if (list(spec.getHttp()).isEmpty() && list(spec.getTcp()).isEmpty()) {
      problems.add("spec.http", "at least one http or tcp route is required");
    }
    for (int i = 0; i < list(spec.getHttp()).size(); i++) {
      HttpRouteRules.check(spec.getHttp().get(i), item("spec.http", i), problems);
    }
    for (int i = 0; i < list(spec.getTcp()).size(); i++) {
      checkTcpRoute(spec.getTcp().get(i), item("spec.tcp", i), problems);
    }
  }

  private static void checkHosts(List<String> hosts, Problems problems) {
    if (hosts.isEmpty()) {
      problems.add("spec.hosts", "at least one host is required");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      String host = text(hosts.get(i));
      String path = item("spec.hosts", i);
      PolicyRules.checkHost(host, path, problems);
      Integer first = seen.putIfAbsent(host, i);
      if (first != null && !host.isEmpty()) {
        problems.add(path, "duplicate host " + host + " (also " + item("spec.hosts", first) + ")");
      }
    }
  }

  private static void checkTcpRoute(TcpRouteSpec route, String path, Problems problems) {
    if (route == null) {
      problems.add(path, "is required");
      return;
    }
    for (int j = 0; j < list(route.getMatch()).size(); j++) {
      L4MatchAttributes match = route.getMatch().get(j);
      String matchPath = item(field(path, "match"), j);
      if (match != null) {
        PolicyRules.checkPort(match.getPort(), field(matchPath, "port"), problems);
        LabelRules.check(match.getSourceLabels(), field(matchPath, "sourceLabels"), problems);
        MatchRules.checkNamespace(match.getSourceNamespace(), field(matchPath, "sourceNamespace"), problems);
      }
    }
    String routePath = field(path, "route");
    if (list(route.getRoute()).isEmpty()) {
      problems.add(routePath, "at least one destination is required");
    } else {
      checkDestinations(route.getRoute(), routePath, problems);
    }
  }

  /** The destinations of an HTTP or TCP route and the split of traffic between them. */
  static void checkDestinations(List<WeightedDestination> route, String routePath, Problems problems) {
    for (int j = 0; j < route.size(); j++) {
      WeightedDestination destination = route.get(j);
      String path = item(routePath, j);
      if (destination == null) {
        problems.add(path, "is required");
        continue;
      }
      checkDestination(destination.getHost(), destination.getSubset(), destination.getPort(), field(path, "destination"), problems);
      HeaderRules.check(destination.getHeaders(), field(path, "headers"), problems);
    }
    checkWeights(route, routePath, problems);
  }

  /** An Istio Destination: a host, optionally a subset of it and a port. */
  static void checkDestination(String host, String subset, Integer port, String path, Problems problems) {
    PolicyRules.checkHost(text(host), field(path, "host"), problems);
    if (subset != null && !HostNames.isDnsLabel(subset)) {
      problems.add(field(path, "subset"), "'" + subset + "' is not a valid subset name (DNS-1123 label)");
    }
    PolicyRules.checkPort(port, field(path, "port.number"), problems);
  }

  /**
   * Istio's rule: weights are 0..100 and, with more than one destination, sum to exactly 100 (a
   * proxy NACKs any other split). A sole destination gets all traffic: its weight is 100.
   */
  private static void checkWeights(List<WeightedDestination> route, String routePath, Problems problems) {
    long sum = 0;
    for (int j = 0; j < route.size(); j++) {
      if (route.get(j) == null) {
        return;
      }
      String path = field(item(routePath, j), "weight");
      int weight = route.get(j).getWeight();
      sum += weight;
      if (weight < 0 || weight > 100) {
        problems.add(path, (weight < 0 ? "must be >= 0" : "must be <= 100") + " (was " + weight + ")");
      } else if (route.size() == 1 && weight != 100) {
        problems.add(path, "a sole destination receives all traffic: omit its weight or set it to 100 (was " + weight + ")");
      }
    }
    if (route.size() > 1 && sum != 100) {
      problems.add(routePath, "weights sum to " + sum + "; they must sum to 100");
    }
  }
}
