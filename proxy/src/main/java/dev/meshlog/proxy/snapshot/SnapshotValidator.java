package dev.meshlog.proxy.snapshot;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.Rule;
import dev.meshlog.proxy.route.RuleAction;
import dev.meshlog.proxy.route.VirtualHost;
import dev.meshlog.proxy.route.WeightedSplit;
import dev.meshlog.proxy.tcp.TcpRouteChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a snapshot is consistent before it may replace the live config: every cluster a rule names
 * exists, each forwarding rule's weights are non-negative and sum to 100, and local answers use
 * statuses Envoy accepts. Errors name the route, the rule
 * and the cluster, since they end up in the NACK a person reads. Features the wire carried that this
 * proxy cannot enforce yet are errors too.
 */
public final class SnapshotValidator {

  /** The codes Istio's HTTPRedirect accepts. */
  private static final List<Integer> REDIRECT_CODES = List.of(301, 302, 303, 307, 308);

  /** All problems found; empty when the snapshot may be applied. */
  public List<String> validate(Snapshot snapshot) {
    List<String> errors = new ArrayList<>(snapshot.unenforceable());
    Set<String> clusters = new HashSet<>();
    for (Cluster cluster : snapshot.clusters()) {
      if (!clusters.add(cluster.name())) {
        errors.add("duplicate cluster " + cluster.name());
      }
      for (Endpoint endpoint : cluster.endpoints()) {
        if (endpoint.socketAddress().isUnresolved()) {
          errors.add("cluster " + cluster.name() + ": endpoint address " + endpoint.socketAddress().getHostString()
              + " cannot be resolved");
        }
      }
    }
    for (VirtualHost host : snapshot.hosts()) {
      for (int i = 0; i < host.rules().size(); i++) {
        checkRule(host, i, host.rules().get(i), clusters, errors);
      }
    }
    errors.addAll(TcpRouteChecks.check(snapshot.tcpRoutes(), clusters));
    return errors;
  }

  private static void checkRule(VirtualHost host, int index, Rule rule, Set<String> clusters, List<String> errors) {
    String where = "route " + host.name() + " rule " + (rule.name().isEmpty() ? "#" + index : rule.name());
    if (rule.action() instanceof RuleAction.DirectResponse direct && (direct.status() < 200 || direct.status() > 599)) {
      errors.add(where + " directResponse status " + direct.status() + " is not in 200..599");
    }
    if (rule.action() instanceof RuleAction.Redirect redirect && !REDIRECT_CODES.contains(redirect.code())) {
      errors.add(where + " redirect code " + redirect.code() + " is not one of " + REDIRECT_CODES);
    }
    if (!(rule.action() instanceof RuleAction.Route)) {
      return;
    }
    WeightedSplit.check(where, rule.clusters(), clusters, errors);
  }
}
