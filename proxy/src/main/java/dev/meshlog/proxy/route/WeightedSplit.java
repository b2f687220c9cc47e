package dev.meshlog.proxy.route;

import java.util.List;
import java.util.Set;

/**
 * The consistency a weighted split needs before it may go live, for an HTTP rule and a tcp route
 * alike: every cluster it names exists, weights are non-negative and sum to 100. Errors start with
 * {@code where} since they end up in the NACK a person reads.
 */
public final class WeightedSplit {

  private WeightedSplit() {}

  /** Adds the problems of {@code split} against the snapshot's {@code clusters} to {@code errors}. */
  public static void check(String where, List<WeightedCluster> split, Set<String> clusters, List<String> errors) {
    int sum = 0;
    for (WeightedCluster wc : split) {
      if (!clusters.contains(wc.cluster())) {
        errors.add(where + " names missing cluster " + wc.cluster());
      }
      if (wc.weight() < 0) {
        errors.add(where + " gives cluster " + wc.cluster() + " negative weight " + wc.weight());
      }
      sum += wc.weight();
    }
    if (sum != 100) {
      errors.add(where + " weights sum to " + sum + ", not 100");
    }
  }
}
