package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteTable;

/** Where one accepted connection goes: to an endpoint of the picked cluster, or nowhere (closed). */
sealed interface TcpTarget permits TcpTarget.Connect, TcpTarget.Refuse {

  /**
   * @param target the picked cluster and its balancer, asked again for another endpoint if the
   *     connect fails
   * @param endpoint the first endpoint to connect to
   */
  record Connect(RouteTable.Target target, LbEndpoint<Endpoint> endpoint) implements TcpTarget {}

  /**
   * Closed without an upstream, with Envoy's response flag: UH (the cluster has no endpoint) or NC
   * (the cluster is missing, which a validated snapshot rules out).
   */
  record Refuse(String cluster, String responseFlag) implements TcpTarget {}
}
