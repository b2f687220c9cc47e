package dev.meshlog.proxy.route;

import java.util.Objects;

/** A rule's share of traffic for one cluster, in percent, with that destination's header operations. */
public record WeightedCluster(String cluster, int weight, HeaderPolicy headers) {

  public WeightedCluster {
    Objects.requireNonNull(cluster, "cluster");
    headers = Objects.requireNonNullElse(headers, HeaderPolicy.NONE);
  }

  public WeightedCluster(String cluster, int weight) {
    this(cluster, weight, HeaderPolicy.NONE);
  }
}
