package dev.meshlog.engine.snapshot;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks a snapshot passes before it may be published, each naming what is wrong: every cluster
 * a rule, a weighted split, a mirror or a tcp route names exists; a split's weights sum to 100; a rule
 * without clusters answers by itself (redirect or direct response).
 */
final class SnapshotConsistency {

  private SnapshotConsistency() {}

  static void ensure(String proxyId, List<ProxyConfig.Route> routes, List<ProxyConfig.Cluster> clusters, List<ProxyConfig.TcpRoute> tcpRoutes) {
    Set<String> names = new HashSet<>();
    for (ProxyConfig.Cluster cluster : clusters) {
      if (!names.add(cluster.name())) {
        throw invalid(proxyId, "cluster " + cluster.name() + " is defined twice");
      }
    }
    for (ProxyConfig.Route route : routes) {
      for (ProxyConfig.Rule rule : route.rules()) {
        String where = "route " + route.name() + " rule '" + rule.name() + "'";
        if (rule.clusters().isEmpty() && rule.redirect().isEmpty() && rule.directResponse().isEmpty()) {
          throw invalid(proxyId, where + " sends requests nowhere (no cluster, redirect or direct response)");
        }
        split(proxyId, where, rule.clusters(), names);
        if (rule.mirrorCluster().isPresent() && !names.contains(rule.mirrorCluster().get())) {
          throw invalid(proxyId, where + " mirrors to cluster " + rule.mirrorCluster().get() + ", which is not in the snapshot");
        }
      }
    }
    for (ProxyConfig.TcpRoute route : tcpRoutes) {
      if (route.clusters().isEmpty()) {
        throw invalid(proxyId, "tcp route " + route.name() + ":" + route.port() + " has no cluster");
      }
      split(proxyId, "tcp route " + route.name() + ":" + route.port(), route.clusters(), names);
    }
  }

  private static void split(String proxyId, String where, List<ProxyConfig.WeightedCluster> targets, Set<String> names) {
    int sum = 0;
    for (ProxyConfig.WeightedCluster target : targets) {
      if (!names.contains(target.cluster())) {
        throw invalid(proxyId, where + " names cluster " + target.cluster() + ", which is not in the snapshot");
      }
      if (target.weight() < 0) {
        throw invalid(proxyId, where + " gives cluster " + target.cluster() + " a negative weight " + target.weight());
      }
      sum += target.weight();
    }
    if (!targets.isEmpty() && sum != 100) {
      throw invalid(proxyId, where + " splits traffic with weights summing to " + sum + ", not 100");
    }
  }

  private static InvalidSnapshotException invalid(String proxyId, String problem) {
    return new InvalidSnapshotException("proxy " + proxyId + ": " + problem);
  }
}
