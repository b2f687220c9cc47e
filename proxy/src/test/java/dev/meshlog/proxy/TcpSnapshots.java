package dev.meshlog.proxy;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.TcpRouteConfig;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.schemas.AvroSerde;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Snapshots with tcp routes, built by hand the way the engine builds them (names, order, content hash). */
final class TcpSnapshots {

  /** Where the test sidecars' TCP listeners bind: not 127.0.0.1, so route ports never meet the backends'. */
  static final String TCP_BIND = "127.0.0.2";

  private TcpSnapshots() {}

  static String host(String service) {
    return service + "." + WireSnapshots.NS + ".svc.cluster.local";
  }

  static String cluster(String service, int port, String subset) {
    return "outbound|" + port + "|" + subset + "|" + host(service);
  }

  static EndpointConfig endpoint(int port) {
    return EndpointConfig.newBuilder().setAddress("127.0.0.1").setPort(port).setWorkload("backend-" + port)
        .setLabels(Map.of()).build();
  }

  static ClusterConfig clusterConfig(String service, int port, String subset, List<EndpointConfig> endpoints) {
    return ClusterConfig.newBuilder().setName(cluster(service, port, subset)).setHost(host(service))
        .setSubset(subset.isEmpty() ? null : subset).setPort(port).setLoadBalancer("ROUND_ROBIN")
        .setEndpoints(endpoints).build();
  }

  static WeightedCluster weighted(String service, int port, String subset, int weight) {
    return WeightedCluster.newBuilder().setCluster(cluster(service, port, subset)).setWeight(weight).build();
  }

  static TcpRouteConfig route(String service, int port, List<WeightedCluster> clusters) {
    return TcpRouteConfig.newBuilder().setName(host(service)).setPort(port).setClusters(clusters).setProvenance(List.of())
        .build();
  }

  static ProxySnapshot snapshot(String proxyId, long version, List<TcpRouteConfig> routes, List<ClusterConfig> clusters) {
    ProxySnapshot content = ProxySnapshot.newBuilder().setProxyId(proxyId).setVersion(0).setHash("")
        .setSourceOffsets(List.of()).setRoutes(List.of()).setClusters(clusters).setTcpRoutes(routes).build();
    try {
      byte[] bytes = new AvroSerde<>(ProxySnapshot.class).encode(content);
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      return ProxySnapshot.newBuilder(content).setVersion(version).setHash(hash).build();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A port free on {@link #TCP_BIND} now, to use as a route port. */
  /**
   * A free port for a TCP route's listener, never one handed out before in this JVM: the kernel may
   * give a just-closed ephemeral port again, and two routes of one snapshot on the same port once
   * failed a test.
   */
  static synchronized int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(TCP_BIND))) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  /** A port nothing listens on, for a dead endpoint. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
