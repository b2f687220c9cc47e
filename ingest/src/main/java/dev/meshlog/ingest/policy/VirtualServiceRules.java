package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.ingest.policy.model.Destination;
import dev.meshlog.ingest.policy.model.HttpRoute;
import dev.meshlog.ingest.policy.model.VirtualService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rules of a VirtualService spec: hosts, routes, destinations and their weights. */
final class VirtualServiceRules {

  private VirtualServiceRules() {}

  static void check(VirtualService spec, Problems problems) {
    checkHosts(spec.hosts(), problems);
    if (spec.http().isEmpty()) {
      problems.add("spec.http", "at least one http route is required");
    }
    for (int i = 0; i < spec.http().size(); i++) {
      checkRoute(spec.http().get(i), item("spec.http", i), problems);
    }
  }

  private static void checkHosts(List<String> hosts, Problems problems) {
    if (hosts.isEmpty()) {
      problems.add("spec.hosts", "at least one host is required");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      String path = item("spec.hosts", i);
      PolicyRules.checkHost(hosts.get(i), path, problems);
      Integer first = seen.putIfAbsent(hosts.get(i), i);
      if (first != null && !hosts.get(i).isEmpty()) {
        problems.add(path, "duplicate host " + hosts.get(i) + " (also " + item("spec.hosts", first) + ")");
      }
    }
  }

  private static void checkRoute(HttpRoute route, String path, Problems problems) {
    String routePath = field(path, "route");
    if (route.route().isEmpty()) {
      problems.add(routePath, "at least one destination is required");
      return;
    }
    for (int j = 0; j < route.route().size(); j++) {
      checkDestination(route.route().get(j), field(item(routePath, j), "destination"), problems);
    }
    checkWeights(route.route(), routePath, problems);
  }

  private static void checkDestination(Destination destination, String path, Problems problems) {
    PolicyRules.checkHost(destination.host(), field(path, "host"), problems);
    destination.subset().ifPresent(subset -> {
      if (!HostNames.isDnsLabel(subset)) {
        problems.add(field(path, "subset"), "'" + subset + "' is not a valid subset name (DNS-1123 label)");
      }
    });
    destination.port().ifPresent(port -> {
      if (port < 1 || port > 65535) {
        problems.add(field(path, "port.number"), "must be between 1 and 65535 (was " + port + ")");
      }
    });
  }

  /**
   * Weights split a route's traffic and must add up to exactly 100, because a proxy NACKs any
   * other split. A sole destination may omit its weight (it gets all traffic); with two or more,
   * every weight is written out, so no split is left to guessing.
   */
  static void checkWeights(List<Destination> route, String routePath, Problems problems) {
    boolean allPresent = true;
    long sum = 0;
    for (int j = 0; j < route.size(); j++) {
      String path = field(item(routePath, j), "weight");
      Destination destination = route.get(j);
      if (destination.weight().isEmpty()) {
        allPresent = false;
        if (route.size() > 1) {
          problems.add(path, "is required when a route has more than one destination");
        }
        continue;
      }
      int weight = destination.weight().get();
      sum += weight;
      if (weight < 0) {
        problems.add(path, "must be >= 0 (was " + weight + ")");
      } else if (route.size() == 1 && weight != 100) {
        problems.add(path, "a sole destination receives all traffic: omit its weight or set it to 100 (was " + weight + ")");
      }
    }
    if (route.size() > 1 && allPresent && sum != 100) {
      problems.add(routePath, "weights sum to " + sum + "; they must sum to 100");
    }
  }
}
