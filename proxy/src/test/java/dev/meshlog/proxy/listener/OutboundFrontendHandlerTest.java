package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.backend.Transport;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Rule;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.route.VirtualHost;
import dev.meshlog.proxy.route.WeightedCluster;
import dev.meshlog.proxy.telemetry.RequestOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Local replies of the outbound listener: no upstream is ever contacted for these. */
class OutboundFrontendHandlerTest {

  private static final String HOST = "reviews.default.svc.cluster.local";
  private static final String EMPTY_CLUSTER = "outbound|80||" + HOST;

  private final Transport unused = new Transport(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), NioServerSocketChannel.class, NioSocketChannel.class, false);
  private final List<RequestOutcome> reported = new ArrayList<>();
  private final InFlight inFlight = new InFlight();
  private final RouteTable routes = RouteTable.of(
      List.of(new VirtualHost(HOST, 80, List.of(HOST, "reviews"), List.of(new Rule("", List.of(new WeightedCluster(EMPTY_CLUSTER, 100)))))),
      List.of(new Cluster(EMPTY_CLUSTER, HOST, Optional.empty(), 80, List.of())));
  private final EmbeddedChannel channel = new EmbeddedChannel(new OutboundInitializer(
      new ConnectionPool(unused, new UpstreamInitializer(), 1_000, 1),
        new Http2ConnectionPool(unused, new UpstreamStreamInitializer(), 1_000), inFlight, () -> routes, () -> new Random(1), reported::add));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
    unused.shutdown(Duration.ofSeconds(1));
  }

  private String exchange(String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder();
    ByteBuf buf;
    while ((buf = channel.readOutbound()) != null) {
      out.append(buf.toString(StandardCharsets.US_ASCII));
      buf.release();
    }
    return out.toString();
  }

  @Test
  void shouldAnswer404NoRouteForAnUnknownHostAndReportIt() {
    String response = exchange("GET http://ratings:9080/ HTTP/1.1\r\nHost: ratings:9080\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 404 Not Found\r\n"), response);
    assertTrue(response.contains("x-meshlog-response-flags: NR\r\n"), response);
    assertEquals(1, reported.size());
    RequestOutcome outcome = reported.get(0);
    assertEquals(404, outcome.responseCode());
    assertEquals("NR", outcome.responseFlags());
    assertEquals("ratings", outcome.destinationService());
    assertEquals("unknown", outcome.destinationWorkload());
    assertEquals(0, inFlight.count());
  }

  @Test
  void shouldAnswer503NoHealthyUpstreamForAClusterWithoutEndpoints() {
    String response = exchange("GET / HTTP/1.1\r\nHost: Reviews\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), response);
    assertTrue(response.contains("x-meshlog-response-flags: UH\r\n"), response);
    assertEquals("UH", reported.get(0).responseFlags());
    assertEquals(HOST, reported.get(0).routeName());
    assertEquals("default", reported.get(0).destinationNamespace());
  }

  @Test
  void shouldKeepTheClientConnectionAcrossRequestsAndDrainUnusedBodies() {
    String first = exchange("POST / HTTP/1.1\r\nHost: ratings\r\nContent-Length: 10\r\n\r\n0123456789");
    String second = exchange("GET / HTTP/1.1\r\nHost: details\r\n\r\n");
    assertTrue(first.startsWith("HTTP/1.1 404"), first);
    assertTrue(second.startsWith("HTTP/1.1 404"), second);
    assertTrue(channel.isOpen());
    assertEquals(List.of("ratings", "details"), reported.stream().map(RequestOutcome::destinationService).toList());
    assertEquals(10, reported.get(0).requestBytes());
  }

  @Test
  void shouldAnswerPipelinedRequestsInOrder() {
    String both = exchange("GET / HTTP/1.1\r\nHost: ratings\r\n\r\nGET / HTTP/1.1\r\nHost: reviews\r\n\r\n");
    int notFound = both.indexOf("HTTP/1.1 404");
    int unavailable = both.indexOf("HTTP/1.1 503");
    assertTrue(notFound >= 0 && unavailable > notFound, both);
    assertEquals(2, reported.size());
  }

  @Test
  void shouldCloseAfterTheResponseWhenTheClientAsks() {
    String response = exchange("GET / HTTP/1.1\r\nHost: ratings\r\nConnection: close\r\n\r\n");
    assertTrue(response.contains("connection: close\r\n"), response);
    channel.runPendingTasks();
    assertFalse(channel.isOpen());
  }
}
