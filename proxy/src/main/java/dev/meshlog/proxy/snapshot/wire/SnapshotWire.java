package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.Rule;
import dev.meshlog.proxy.route.VirtualHost;
import dev.meshlog.proxy.route.WeightedCluster;
import dev.meshlog.proxy.snapshot.Snapshot;
import java.util.Optional;

/**
 * Avro snapshot to domain records: the only place generated classes meet routing code. Resolves
 * endpoint addresses, so call it off the event loops (the snapshot thread does).
 */
public final class SnapshotWire {

  private SnapshotWire() {}

  /**
   * @throws IllegalArgumentException for values the schema admits but a proxy cannot use (a port
   *     out of range)
   */
  public static Snapshot toDomain(ProxySnapshot wire) {
    return new Snapshot(
        wire.getProxyId(),
        wire.getVersion(),
        wire.getHash(),
        wire.getRoutes().stream().map(SnapshotWire::host).toList(),
        wire.getClusters().stream().map(SnapshotWire::cluster).toList(),
        UnenforceableFeatures.of(wire));
  }

  private static VirtualHost host(RouteConfig route) {
    return new VirtualHost(route.getName(), route.getPort(), route.getDomains(),
        route.getRules().stream().map(SnapshotWire::rule).toList());
  }

  private static Rule rule(RouteRule rule) {
    return new Rule(rule.getName(),
        rule.getClusters().stream().map(c -> new WeightedCluster(c.getCluster(), c.getWeight())).toList());
  }

  private static Cluster cluster(ClusterConfig cluster) {
    return new Cluster(cluster.getName(), cluster.getHost(), Optional.ofNullable(cluster.getSubset()), cluster.getPort(),
        cluster.getEndpoints().stream().map(SnapshotWire::endpoint).toList());
  }

  private static Endpoint endpoint(EndpointConfig endpoint) {
    return Endpoint.resolve(endpoint.getAddress(), endpoint.getPort(), endpoint.getWorkload(), endpoint.getLabels());
  }
}
