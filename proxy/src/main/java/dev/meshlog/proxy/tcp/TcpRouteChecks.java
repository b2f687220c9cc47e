package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.route.WeightedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The consistency a tcp route needs before it may go live, like an HTTP rule's: every cluster it
 * names exists, weights are non-negative and sum to 100. Errors name the route and the cluster
 * since they end up in the NACK a person reads.
 */
public final class TcpRouteChecks {

  private TcpRouteChecks() {}

  /** All problems of {@code routes} against the snapshot's cluster names; empty when they may apply. */
  public static List<String> check(List<TcpRoute> routes, Set<String> clusters) {
    List<String> errors = new ArrayList<>();
    for (TcpRoute route : routes) {
      String where = "tcp route " + route.label();
      if (route.clusters().isEmpty()) {
        errors.add(where + " names no cluster");
        continue;
      }
      int sum = 0;
      for (WeightedCluster wc : route.clusters()) {
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
    return errors;
  }
}
