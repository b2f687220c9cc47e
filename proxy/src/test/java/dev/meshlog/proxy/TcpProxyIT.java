package dev.meshlog.proxy;

import static dev.meshlog.proxy.TcpSidecars.connect;
import static dev.meshlog.proxy.TcpSidecars.readToEnd;
import static dev.meshlog.proxy.TcpSidecars.roundTrip;
import static dev.meshlog.proxy.TcpSnapshots.clusterConfig;
import static dev.meshlog.proxy.TcpSnapshots.endpoint;
import static dev.meshlog.proxy.TcpSnapshots.route;
import static dev.meshlog.proxy.TcpSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TCP routes over real sockets: relay, large transfers, half-close, closes, weighted split. */
@ExtendWith(KafkaBroker.class)
class TcpProxyIT {

  private static final int MB = 1024 * 1024;

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("tcp");

  /** A sidecar whose one tcp route (service db) goes to {@code backend}; returns it with the route port. */
  private static Sidecar routingTo(TcpBackend backend, int port) throws Exception {
    Sidecar sidecar = TcpSidecars.start(feed, SidecarTuning.defaults());
    try {
      TcpSidecars.apply(feed, sidecar, 1, List.of(route("db", port, List.of(weighted("db", port, "", 100)))),
          List.of(clusterConfig("db", port, "", List.of(endpoint(backend.port())))));
      return sidecar;
    } catch (Exception | AssertionError e) {
      sidecar.close();
      throw e;
    }
  }

  @Test
  void shouldRelayBytesBothWaysThroughTheRoutesListener() throws Exception {
    int port = TcpSnapshots.freePort();
    try (TcpBackend echo = TcpBackend.start(TcpBackend.Mode.ECHO); Sidecar sidecar = routingTo(echo, port);
        Socket socket = connect(port)) {
      assertEquals(Set.of(port), sidecar.tcpPorts());
      assertEquals("hello", roundTrip(socket, "hello"));
      assertEquals("world, again", roundTrip(socket, "world, again"));
      assertEquals(17, echo.received());
    }
  }

  @Test
  void shouldDeliverSeveralMegabytesIntactBothWays() throws Exception {
    int port = TcpSnapshots.freePort();
    try (TcpBackend echo = TcpBackend.start(TcpBackend.Mode.ECHO); Sidecar sidecar = routingTo(echo, port);
        Socket socket = connect(port)) {
      byte[] data = new byte[8 * MB];
      new Random(7).nextBytes(data);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          for (int at = 0; at < data.length; at += 64 * 1024) {
            out.write(data, at, Math.min(64 * 1024, data.length - at));
          }
          socket.shutdownOutput();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      byte[] back = socket.getInputStream().readAllBytes();
      writer.get();
      assertEquals(data.length, back.length);
      assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), MessageDigest.getInstance("SHA-256").digest(back));
    }
  }

  @Test
  void shouldStopReadingTheClientWhileTheUpstreamDoesNotRead() throws Exception {
    int port = TcpSnapshots.freePort();
    long total = 64L * MB;
    try (TcpBackend sink = TcpBackend.start(TcpBackend.Mode.SINK_WHEN_RELEASED); Sidecar sidecar = routingTo(sink, port);
        Socket socket = connect(port)) {
      socket.setSendBufferSize(64 * 1024);
      MessageDigest sent = MessageDigest.getInstance("SHA-256");
      long[] written = {0};
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          Random random = new Random(11);
          byte[] chunk = new byte[64 * 1024];
          while (written[0] < total) {
            random.nextBytes(chunk);
            out.write(chunk);
            synchronized (written) {
              sent.update(chunk);
              written[0] += chunk.length;
            }
          }
          socket.shutdownOutput();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      // The writer blocks once the kernel buffers and the proxy's one buffer per direction are full.
      long[] last = {-1, 0};
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
        long now;
        synchronized (written) {
          now = written[0];
        }
        last[1] = now == last[0] ? last[1] + 1 : 0;
        last[0] = now;
        return now > 0 && last[1] >= 2;
      });
      assertTrue(!writer.isDone() && last[0] < total / 2,
          "the proxy took " + last[0] + " bytes for an upstream that reads nothing");
      sink.release();
      writer.get();
      await().atMost(Duration.ofSeconds(60)).until(() -> !sink.digest().isEmpty());
      assertEquals(total, sink.received());
      assertEquals(HexFormat.of().formatHex(sent.digest()), sink.digest());
    }
  }

  @Test
  void shouldPassTheClientsFinUpstreamAndStillRelayTheReply() throws Exception {
    int port = TcpSnapshots.freePort();
    try (TcpBackend replier = TcpBackend.start(TcpBackend.Mode.REPLY_AT_EOF); Sidecar sidecar = routingTo(replier, port);
        Socket socket = connect(port)) {
      socket.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput();
      assertEquals("received 5", new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void shouldCloseTheClientWhenTheBackendCloses() throws Exception {
    int port = TcpSnapshots.freePort();
    try (TcpBackend closer = TcpBackend.start(TcpBackend.Mode.CLOSE_AT_ONCE); Sidecar sidecar = routingTo(closer, port);
        Socket socket = connect(port)) {
      assertEquals(-1, socket.getInputStream().read());
      assertEquals(1, closer.connections());
    }
  }

  @Test
  void shouldSplitConnectionsByClusterWeight() throws Exception {
    int port = TcpSnapshots.freePort();
    try (TcpBackend a = TcpBackend.start(TcpBackend.Mode.ECHO); TcpBackend b = TcpBackend.start(TcpBackend.Mode.ECHO);
        Sidecar sidecar = TcpSidecars.start(feed, SidecarTuning.defaults())) {
      TcpSidecars.apply(feed, sidecar, 1,
          List.of(route("db", port, List.of(weighted("db", port, "a", 80), weighted("db", port, "b", 20)))),
          List.of(clusterConfig("db", port, "a", List.of(endpoint(a.port()))),
              clusterConfig("db", port, "b", List.of(endpoint(b.port())))));
      for (int i = 0; i < 100; i++) {
        try (Socket socket = connect(port)) {
          assertEquals("x", roundTrip(socket, "x"));
        }
      }
      assertEquals(100, a.connections() + b.connections());
      assertTrue(a.connections() >= 60 && a.connections() <= 95, "80/20 split gave a=" + a.connections() + " b=" + b.connections());
    }
  }

  @Test
  void shouldTryAnotherEndpointWhenOneRefusesAndCloseWhenNoneConnects() throws Exception {
    int mixed = TcpSnapshots.freePort();
    int dead = TcpSnapshots.freePort();
    int empty = TcpSnapshots.freePort();
    try (TcpBackend live = TcpBackend.start(TcpBackend.Mode.ECHO);
        Sidecar sidecar = TcpSidecars.start(feed, SidecarTuning.defaults())) {
      int closedPort = TcpSnapshots.closedPort();
      TcpSidecars.apply(feed, sidecar, 1,
          List.of(route("mixed", mixed, List.of(weighted("mixed", mixed, "", 100))),
              route("dead", dead, List.of(weighted("dead", dead, "", 100))),
              route("empty", empty, List.of(weighted("empty", empty, "", 100)))),
          List.of(clusterConfig("mixed", mixed, "", List.of(endpoint(closedPort), endpoint(live.port()))),
              clusterConfig("dead", dead, "", List.of(endpoint(closedPort))),
              clusterConfig("empty", empty, "", List.of())));
      for (int i = 0; i < 10; i++) {
        try (Socket socket = connect(mixed)) {
          assertEquals("ping " + i, roundTrip(socket, "ping " + i));
        }
      }
      assertEquals(10, live.connections());
      try (Socket toDead = connect(dead); Socket toEmpty = connect(empty)) {
        assertEquals(0, readToEnd(toDead).length);
        assertEquals(0, readToEnd(toEmpty).length);
      }
      String stats = AdminPages.get(sidecar.adminPort(), "/stats");
      assertTrue(stats.contains("meshlog_proxy_tcp_upstream_failures_total{route=\"" + TcpSnapshots.host("dead")
          + "\",port=\"" + dead + "\"} 1"), stats);
      assertTrue(stats.contains("meshlog_proxy_tcp_no_healthy_upstream_total{route=\"" + TcpSnapshots.host("empty")
          + "\",port=\"" + empty + "\"} 1"), stats);
      assertTrue(stats.contains("meshlog_proxy_tcp_connections_opened_total{route=\"" + TcpSnapshots.host("mixed")
          + "\",port=\"" + mixed + "\"} 10"), stats);
    }
  }
}
