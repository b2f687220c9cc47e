package dev.meshlog.proxy.route;

import java.util.Objects;

/** A rule's share of traffic for one cluster, in percent. */
public record WeightedCluster(String cluster, int weight) {

  public WeightedCluster {
    Objects.requireNonNull(cluster, "cluster");
  }
}
