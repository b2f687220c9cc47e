package dev.meshlog.proxy;

import static org.awaitility.Awaitility.await;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.TcpRouteConfig;
import dev.meshlog.kafka.local.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Client sidecars with TCP listeners on {@link TcpSnapshots#TCP_BIND}, and plain sockets to them. */
final class TcpSidecars {

  private TcpSidecars() {}

  static Sidecar start(SnapshotFeed feed, SidecarTuning tuning) {
    String proxyId = KafkaBroker.uniqueName("tcp-client");
    return Sidecar.start(new SidecarConfig(proxyId, "productpage", WireSnapshots.NS, Map.of(), "127.0.0.1", 0, 0, 0,
        feed.bootstrap(), feed.topics()).withTcpBindAddress(TcpSnapshots.TCP_BIND), tuning);
  }

  /** Publishes the routes and clusters as {@code version} and waits until the sidecar applied (ACKed) it. */
  static void apply(SnapshotFeed feed, Sidecar sidecar, long version, List<TcpRouteConfig> routes,
      List<ClusterConfig> clusters) throws Exception {
    feed.publish(sidecar.proxyId(), TcpSnapshots.snapshot(sidecar.proxyId(), version, routes, clusters));
    await().atMost(Duration.ofSeconds(60)).until(() -> sidecar.appliedVersion() == version);
  }

  /** A connection to the sidecar's TCP listener on {@code port}. */
  static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(TcpSnapshots.TCP_BIND, port), 10_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Writes {@code text} and reads exactly as many bytes back. */
  static String roundTrip(Socket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    byte[] back = socket.getInputStream().readNBytes(bytes.length);
    return new String(back, StandardCharsets.UTF_8);
  }

  /** Reads to EOF; a reset counts as the end too (the proxy closed a connection it could not serve). */
  static byte[] readToEnd(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      return in.readAllBytes();
    } catch (SocketException reset) {
      return new byte[0];
    }
  }
}
