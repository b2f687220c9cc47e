package dev.meshlog.proxy.route;

import java.util.List;
import java.util.Objects;

/** A route rule: for now it matches every request and splits it among weighted clusters. */
public record Rule(String name, List<WeightedCluster> clusters) {

  public Rule {
    Objects.requireNonNull(name, "name");
    clusters = List.copyOf(clusters);
  }
}
