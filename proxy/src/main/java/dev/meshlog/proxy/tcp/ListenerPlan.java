package dev.meshlog.proxy.tcp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which TCP listeners a snapshot needs, given the ports bound now. A listener is its port: a route
 * that stays on a bound port keeps that listener (and its open connections) and only changes what
 * new connections are routed to. Pure, so the swap logic is tested without sockets.
 *
 * @param serve the route each listener serves after the swap, by port
 * @param keep ports bound now that stay bound
 * @param open ports to bind
 * @param close ports to stop accepting on (their open connections live on)
 * @param shadowed routes that lost their port to an earlier route in snapshot order
 */
public record ListenerPlan(Map<Integer, TcpRoute> serve, Set<Integer> keep, Set<Integer> open, Set<Integer> close,
    List<TcpRoute> shadowed) {

  public ListenerPlan {
    serve = Collections.unmodifiableMap(new LinkedHashMap<>(serve));
    keep = Collections.unmodifiableSet(new TreeSet<>(keep));
    open = Collections.unmodifiableSet(new TreeSet<>(open));
    close = Collections.unmodifiableSet(new TreeSet<>(close));
    shadowed = List.copyOf(shadowed);
  }

  /**
   * Plans the swap from the listeners {@code bound} now to {@code routes}. Several routes on one port
   * (two hosts on 3306): the first in snapshot order takes it, as Envoy's first filter chain does
   * for connections it cannot tell apart without a destination address.
   */
  public static ListenerPlan of(Set<Integer> bound, List<TcpRoute> routes) {
    Map<Integer, TcpRoute> serve = new LinkedHashMap<>();
    List<TcpRoute> shadowed = new ArrayList<>();
    for (TcpRoute route : routes) {
      if (serve.putIfAbsent(route.port(), route) != null) {
        shadowed.add(route);
      }
    }
    Set<Integer> keep = new TreeSet<>(bound);
    keep.retainAll(serve.keySet());
    Set<Integer> open = new TreeSet<>(serve.keySet());
    open.removeAll(bound);
    Set<Integer> close = new TreeSet<>(bound);
    close.removeAll(serve.keySet());
    return new ListenerPlan(serve, keep, open, close, shadowed);
  }
}
