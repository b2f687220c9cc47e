package dev.meshlog.proxy.snapshot;

import dev.meshlog.proxy.authz.InboundAuthorization;
import dev.meshlog.proxy.mtls.MeshSecurity;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.VirtualHost;
import dev.meshlog.proxy.tcp.TcpRoute;
import java.util.List;
import java.util.Objects;

/**
 * A proxy's snapshot in domain terms, converted from the wire record at the edge. {@code unenforceable}
 * names the parts the wire carried that this data plane cannot enforce yet (they make it a NACK).
 * {@code tcpRoutes} are in snapshot order, which decides who takes a port several routes want.
 * {@code security} is the trust bundle and the inbound PeerAuthentication; {@code authorization} is
 * the inbound AuthorizationPolicies, compiled.
 */
public record Snapshot(String proxyId, long version, String hash, List<VirtualHost> hosts, List<Cluster> clusters,
    List<TcpRoute> tcpRoutes, List<String> unenforceable, MeshSecurity security, InboundAuthorization authorization) {

  public Snapshot {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(hash, "hash");
    hosts = List.copyOf(hosts);
    clusters = List.copyOf(clusters);
    tcpRoutes = List.copyOf(tcpRoutes);
    unenforceable = List.copyOf(unenforceable);
    security = Objects.requireNonNullElse(security, MeshSecurity.DEFAULT);
    Objects.requireNonNull(authorization, "authorization");
  }

  /** A snapshot no AuthorizationPolicy selects. */
  public Snapshot(String proxyId, long version, String hash, List<VirtualHost> hosts, List<Cluster> clusters,
      List<TcpRoute> tcpRoutes, List<String> unenforceable, MeshSecurity security) {
    this(proxyId, version, hash, hosts, clusters, tcpRoutes, unenforceable, security, InboundAuthorization.NONE);
  }

  /** A snapshot with the default mesh security (no bundle, PERMISSIVE). */
  public Snapshot(String proxyId, long version, String hash, List<VirtualHost> hosts, List<Cluster> clusters,
      List<TcpRoute> tcpRoutes, List<String> unenforceable, InboundAuthorization authorization) {
    this(proxyId, version, hash, hosts, clusters, tcpRoutes, unenforceable, MeshSecurity.DEFAULT, authorization);
  }

  /** A snapshot with the default mesh security that no AuthorizationPolicy selects. */
  public Snapshot(String proxyId, long version, String hash, List<VirtualHost> hosts, List<Cluster> clusters,
      List<TcpRoute> tcpRoutes, List<String> unenforceable) {
    this(proxyId, version, hash, hosts, clusters, tcpRoutes, unenforceable, MeshSecurity.DEFAULT, InboundAuthorization.NONE);
  }

  /** A snapshot without tcp routes. */
  public Snapshot(String proxyId, long version, String hash, List<VirtualHost> hosts, List<Cluster> clusters,
      List<String> unenforceable) {
    this(proxyId, version, hash, hosts, clusters, List.of(), unenforceable);
  }

  /** A snapshot with nothing beyond what this proxy enforces. */
  public Snapshot(String proxyId, long version, String hash, List<VirtualHost> hosts, List<Cluster> clusters) {
    this(proxyId, version, hash, hosts, clusters, List.of(), List.of());
  }
}
