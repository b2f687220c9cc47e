package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.balance.PickContext;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.route.WeightedCluster;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The per-connection pick: a weighted cluster of the route, then an endpoint from that cluster's
 * balancer (the very balancer HTTP requests use, so round robin turns and least-request counts are
 * shared). A ring hash can only hash the source IP here: a TCP connection has no headers.
 */
final class TcpPicker {

  private TcpPicker() {}

  /** What the balancers may read of a connection: its source IP, and a random source. */
  static PickContext context(String sourceIp, RandomGenerator random) {
    return new PickContext() {
      @Override
      public Optional<String> sourceIp() {
        return Optional.ofNullable(sourceIp);
      }

      @Override
      public RandomGenerator random() {
        return random;
      }
    };
  }

  static TcpTarget pick(TcpRoute route, RouteTable table, PickContext context) {
    String cluster = weighted(route.clusters(), context.random());
    Optional<RouteTable.Target> target = table.target(cluster);
    if (target.isEmpty()) {
      return new TcpTarget.Refuse(cluster, "NC");
    }
    return target.get().balancer().pick(context)
        .<TcpTarget>map(endpoint -> new TcpTarget.Connect(target.get(), endpoint))
        .orElseGet(() -> new TcpTarget.Refuse(cluster, "UH"));
  }

  /**
   * Another endpoint than {@code failed} for a second connect: the balancer's next pick when it
   * differs (round robin moves on, random usually does), else the endpoint after it in the
   * cluster (a ring hash answers the same for the same source). Empty for a one-endpoint cluster.
   */
  static Optional<LbEndpoint<Endpoint>> another(RouteTable table, RouteTable.Target target, LbEndpoint<Endpoint> failed,
      PickContext context) {
    if (target.balancer().size() < 2) {
      return Optional.empty();
    }
    Optional<LbEndpoint<Endpoint>> next = target.balancer().pick(context);
    if (next.isPresent() && next.get() != failed) {
      return next;
    }
    List<LbEndpoint<Endpoint>> all = endpointsOf(table, target);
    int at = all.indexOf(failed);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get((at + 1) % all.size()));
  }

  /** The balancer's endpoints, the same instances it picks from. */
  private static List<LbEndpoint<Endpoint>> endpointsOf(RouteTable table, RouteTable.Target target) {
    return table.clusters().stream().filter(c -> c.cluster() == target.cluster()).findFirst()
        .map(RouteTable.ClusterEndpoints::endpoints).orElse(List.of());
  }

  /** Weights are percent and sum to 100 (validated); a zero-weight cluster is never picked. */
  static String weighted(List<WeightedCluster> clusters, RandomGenerator random) {
    if (clusters.size() == 1) {
      return clusters.get(0).cluster();
    }
    int point = random.nextInt(100);
    int upTo = 0;
    for (WeightedCluster wc : clusters) {
      upTo += wc.weight();
      if (point < upTo) {
        return wc.cluster();
      }
    }
    return clusters.get(clusters.size() - 1).cluster();
  }
}
