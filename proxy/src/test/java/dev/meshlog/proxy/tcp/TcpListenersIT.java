package dev.meshlog.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.route.WeightedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener set on its own, over real sockets and without a broker: the races a sidecar's
 * snapshot path does not make visible (a FIN before the upstream is up, a port taken, idle time).
 */
class TcpListenersIT {

  private static final String BIND = "127.0.0.2";

  private TcpStats stats;
  private ServerSocket backend;
  private Thread backendThread;

  @BeforeEach
  void startBackend() throws IOException {
    stats = new TcpStats();
    backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    // Reads to EOF, answers how much it read, closes: only a relayed half-close gets an answer.
    backendThread = new Thread(() -> {
      while (!backend.isClosed()) {
        try (Socket s = backend.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
          out.write(("received " + in.readAllBytes().length).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // closed by the test, or the proxy went away
        }
      }
    });
    backendThread.setDaemon(true);
    backendThread.start();
  }

  @AfterEach
  void stop() throws IOException {
    backend.close();
  }

  private TcpListeners listeners(TcpTuning tuning) {
    return new TcpListeners("it", 1, BIND, tuning, Duration.ofSeconds(5), ThreadLocalRandom::current, stats);
  }

  private RouteTable table() {
    return RouteTable.of(List.of(), List.of(new Cluster("c", "db", Optional.empty(), 1,
        List.of(Endpoint.resolve("127.0.0.1", backend.getLocalPort(), "w", Map.of())))));
  }

  private static TcpRoute route(int port) {
    return new TcpRoute("db", port, List.of(new WeightedCluster("c", 100)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(BIND))) {
      return probe.getLocalPort();
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(BIND, port), 10_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  @Test
  void shouldRelayDataAndAFinSentBeforeTheUpstreamConnected() throws Exception {
    int port = freePort();
    try (TcpListeners listeners = listeners(TcpTuning.DEFAULTS)) {
      listeners.apply(List.of(route(port)), table());
      for (int i = 0; i < 20; i++) {
        try (Socket socket = connect(port)) {
          // Written at once with the FIN: the proxy reads both while it is still connecting.
          socket.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
          socket.shutdownOutput();
          assertEquals("received 5", new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      TcpStats.RouteCounters counters = stats.route(route(port));
      assertEquals(100, counters.receivedBytes());
      assertEquals(200, counters.sentBytes());
      assertEquals(20, counters.opened());
    }
  }

  @Test
  void shouldCloseAConnectionIdleForTheIdleTimeout() throws Exception {
    int port = freePort();
    try (TcpListeners listeners = listeners(TcpTuning.DEFAULTS.withIdleTimeout(Duration.ofMillis(300)))) {
      listeners.apply(List.of(route(port)), table());
      try (Socket socket = connect(port)) {
        // Blocks until the proxy closes the idle pair; the backend saw EOF and answered on its way out.
        byte[] all = socket.getInputStream().readAllBytes();
        assertTrue(all.length == 0 || new String(all, StandardCharsets.UTF_8).equals("received 0"));
      }
    }
  }

  @Test
  void shouldRejectRoutesWhosePortIsTakenAndKeepTheListenersItHad() throws Exception {
    int port = freePort();
    try (TcpListeners listeners = listeners(TcpTuning.DEFAULTS);
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName(BIND))) {
      listeners.apply(List.of(route(port)), table());

      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> listeners.apply(List.of(route(squatter.getLocalPort())), table()));

      assertTrue(error.getMessage().contains("cannot listen on " + BIND + ":" + squatter.getLocalPort()), error.getMessage());
      assertEquals(Set.of(port), listeners.ports());
      try (Socket socket = connect(port)) {
        socket.shutdownOutput();
        assertEquals("received 0", new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }
}
