package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.route.WeightedCluster;
import java.util.List;
import java.util.Objects;

/**
 * A VirtualService tcp route as the snapshot states it: connections for {@code host:port} go to the
 * weighted clusters (percent; header operations mean nothing to TCP and are ignored).
 *
 * @param host the fully qualified host the route serves (the snapshot's route name)
 * @param port the service port, which is also the port this proxy listens on for it
 */
public record TcpRoute(String host, int port, List<WeightedCluster> clusters) {

  public TcpRoute {
    Objects.requireNonNull(host, "host");
    clusters = List.copyOf(clusters);
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("tcp route " + host + ": port " + port + " is not in 1..65535");
    }
  }

  /** {@code mysql.db.svc.cluster.local:3306}, as logs, NACKs and stats name the route. */
  public String label() {
    return host + ":" + port;
  }
}
