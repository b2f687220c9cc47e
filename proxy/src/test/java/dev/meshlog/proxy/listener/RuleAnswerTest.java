package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.backend.Transport;
import dev.meshlog.proxy.route.HeaderOperations;
import dev.meshlog.proxy.route.HeaderPolicy;
import dev.meshlog.proxy.route.RequestMatch;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.route.Rule;
import dev.meshlog.proxy.route.RuleAction;
import dev.meshlog.proxy.route.VirtualHost;
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
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redirects and direct responses answered by the outbound listener itself, as the client sees them. */
class RuleAnswerTest {

  private static final String HOST = "reviews.default.svc.cluster.local";

  private final Transport unused = new Transport(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
      NioServerSocketChannel.class, NioSocketChannel.class, false);
  private final List<RequestOutcome> reported = new ArrayList<>();
  private final InFlight inFlight = new InFlight();
  private final HeaderPolicy stamp = new HeaderPolicy(HeaderOperations.NONE,
      HeaderOperations.of(Map.of("x-answered-by", "mesh"), Map.of(), List.of()));
  private final RouteTable routes = RouteTable.of(List.of(new VirtualHost(HOST, 80, List.of(HOST, "reviews"), List.of(
      new Rule("moved", List.of(RequestMatch.ANY),
          new RuleAction.Redirect(Optional.of("/v2/home"), Optional.empty(), 301), HeaderPolicy.NONE)))),
      List.of());
  private final RouteTable direct = RouteTable.of(List.of(new VirtualHost(HOST, 80, List.of(HOST, "reviews"), List.of(
      new Rule("maintenance", List.of(), new RuleAction.DirectResponse(503, Optional.of("down for maintenance")), stamp)))),
      List.of());

  private EmbeddedChannel channel(RouteTable table) {
    return new EmbeddedChannel(new OutboundInitializer(new ConnectionPool(unused, new UpstreamInitializer(), 1_000, 1),
        new Http2ConnectionPool(unused, new UpstreamStreamInitializer(), 1_000),
        inFlight, () -> table, () -> new Random(1), reported::add));
  }

  @AfterEach
  void close() {
    unused.shutdown(Duration.ofSeconds(1));
  }

  private static String exchange(EmbeddedChannel channel, String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder();
    ByteBuf buf;
    while ((buf = channel.readOutbound()) != null) {
      out.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return out.toString();
  }

  @Test
  void shouldAnswerADirectResponseAsPlainTextWithTheRulesResponseHeadersAndNoFlag() {
    EmbeddedChannel channel = channel(direct);
    String response = exchange(channel, "GET /x HTTP/1.1\r\nHost: reviews\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), response);
    assertTrue(response.contains("content-type: text/plain\r\n"), response);
    assertTrue(response.contains("x-answered-by: mesh\r\n"), response);
    assertTrue(response.endsWith("\r\n\r\ndown for maintenance"), response);
    assertFalse(response.contains("x-meshlog-response-flags"), response);
    RequestOutcome outcome = reported.get(0);
    assertEquals(503, outcome.responseCode());
    assertEquals("-", outcome.responseFlags(), "Envoy sets no flag on a direct response");
    assertEquals(HOST, outcome.routeName());
    assertEquals(HOST, outcome.destinationService());
    assertTrue(channel.isOpen(), "a direct response keeps the connection");
    assertEquals(0, inFlight.count());
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldRedirectWithALocationAndAnEmptyBody() {
    EmbeddedChannel channel = channel(routes);
    String response = exchange(channel, "GET /old?page=2 HTTP/1.1\r\nHost: reviews:9080\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 301 Moved Permanently\r\n"), response);
    assertTrue(response.contains("location: http://reviews:9080/v2/home?page=2\r\n"), response);
    assertTrue(response.contains("content-length: 0\r\n"), response);
    assertEquals(301, reported.get(0).responseCode());
    assertEquals("-", reported.get(0).responseFlags());
    channel.finishAndReleaseAll();
  }
}
