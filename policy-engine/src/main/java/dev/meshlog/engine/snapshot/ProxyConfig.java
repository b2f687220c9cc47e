package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of one proxy's snapshot (no version, no provenance offsets: those belong to the log
 * position, see {@code wire.SnapshotWire}). Routes, clusters and endpoints are sorted on creation so
 * the same content always encodes to the same bytes, and the whole is checked for consistency the way
 * java-control-plane's {@code Snapshot.ensureConsistent} does: a rule may only name an existing cluster.
 */
public record ProxyConfig(String proxyId, List<Route> routes, List<Cluster> clusters) {

  public ProxyConfig {
    Objects.requireNonNull(proxyId, "proxyId");
    routes = routes.stream().sorted(Comparator.comparing(Route::name)).toList();
    clusters = clusters.stream().sorted(Comparator.comparing(Cluster::name)).toList();
    ensureConsistent(proxyId, routes, clusters);
  }

  private static void ensureConsistent(String proxyId, List<Route> routes, List<Cluster> clusters) {
    Set<String> names = new HashSet<>();
    for (Cluster cluster : clusters) {
      if (!names.add(cluster.name())) {
        throw new InvalidSnapshotException("proxy " + proxyId + ": cluster " + cluster.name() + " is defined twice");
      }
    }
    for (Route route : routes) {
      for (Rule rule : route.rules()) {
        for (WeightedCluster target : rule.clusters()) {
          if (!names.contains(target.cluster())) {
            throw new InvalidSnapshotException("proxy " + proxyId + ": route " + route.name()
                + " names cluster " + target.cluster() + ", which is not in the snapshot");
          }
        }
      }
    }
  }

  /** A virtual host: the names it answers to, and its rules in order. */
  public record Route(String name, int port, List<String> domains, List<Rule> rules, List<String> provenance) {
    public Route {
      Objects.requireNonNull(name, "name");
      domains = List.copyOf(domains);
      rules = List.copyOf(rules);
      provenance = provenance.stream().distinct().sorted().toList();
    }
  }

  /** A rule: split its traffic over clusters by weight. */
  public record Rule(String name, List<WeightedCluster> clusters) {
    public Rule {
      Objects.requireNonNull(name, "name");
      clusters = List.copyOf(clusters);
    }
  }

  public record WeightedCluster(String cluster, int weight) {
    public WeightedCluster {
      Objects.requireNonNull(cluster, "cluster");
    }
  }

  /** An upstream cluster and the endpoints it balances over. */
  public record Cluster(String name, String host, Optional<String> subset, int port, String loadBalancer, List<Endpoint> endpoints) {
    public Cluster {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(subset, "subset");
      Objects.requireNonNull(loadBalancer, "loadBalancer");
      endpoints = endpoints.stream()
          .sorted(Comparator.comparing(Endpoint::workload).thenComparing(Endpoint::address).thenComparingInt(Endpoint::port))
          .toList();
    }
  }

  /** A workload's inbound listener. */
  public record Endpoint(String address, int port, String workload, SortedMap<String, String> labels) {
    public Endpoint {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(workload, "workload");
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
  }
}
