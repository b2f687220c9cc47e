package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.route.WeightedSplit;
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
      WeightedSplit.check(where, route.clusters(), clusters, errors);
    }
    return errors;
  }
}
