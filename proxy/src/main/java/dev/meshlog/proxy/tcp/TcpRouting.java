package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.route.RouteTable;
import java.util.Map;
import java.util.Optional;

/**
 * What new TCP connections are routed by: the route each listener port serves, and the route table
 * of the same snapshot, whose balancers the connections share with HTTP. Swapped whole; a
 * connection reads it once, when it is accepted.
 */
record TcpRouting(Map<Integer, TcpRoute> byPort, RouteTable table) {

  static final TcpRouting EMPTY = new TcpRouting(Map.of(), RouteTable.EMPTY);

  TcpRouting {
    byPort = Map.copyOf(byPort);
  }

  /** The route of a listener; empty while a listener whose route was removed stops accepting. */
  Optional<TcpRoute> route(int port) {
    return Optional.ofNullable(byPort.get(port));
  }
}
