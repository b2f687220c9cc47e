package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.authz.AuthzPolicy;
import dev.meshlog.proxy.authz.AuthzRule;
import dev.meshlog.proxy.authz.InboundAuthorization;
import dev.meshlog.proxy.authz.InboundAuthorizer;
import dev.meshlog.proxy.authz.RbacStats;
import dev.meshlog.proxy.authz.SourceMatch;
import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.backend.Transport;
import dev.meshlog.proxy.mtls.ConnectionSecurity;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.Endpoint;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inbound listener's RBAC step on a connection whose mTLS state is set by hand, as the
 * handshake sets it: a denied request is answered 403 RBAC and reported; an allowed one is forwarded.
 */
class InboundAuthorizationHandlerTest {

  private static final String HOST = "reviews.default.svc.cluster.local";
  private static final String SLEEP = "spiffe://cluster.local/ns/default/sa/sleep";

  private final Transport unused = new Transport(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
      NioServerSocketChannel.class, NioSocketChannel.class, false);
  private final List<RequestOutcome> reported = new ArrayList<>();
  private final InFlight inFlight = new InFlight();
  private final RbacStats stats = new RbacStats();
  private final InboundAuthorization onlySleep = new InboundAuthorization(List.of(new AuthzPolicy(
      "AuthorizationPolicy/default/only-sleep", AuthzPolicy.Action.ALLOW, List.of(new AuthzRule(List.of(SourceMatch.of(
          List.of("cluster.local/ns/default/sa/sleep"), List.of(), List.of(), List.of(), List.of(), List.of())), List.of(),
          List.of())))));
  private final EmbeddedChannel channel = new EmbeddedChannel(new InboundInitializer(
      new ConnectionPool(unused, new UpstreamInitializer(), 1_000, 1),
      new Http2ConnectionPool(unused, new UpstreamStreamInitializer(), 1_000), inFlight, appRoute(), Optional.empty(),
      new DownstreamProtocols(), reported::add, Optional.empty(), new InboundAuthorizer("reviews-1", 9, () -> onlySleep, stats)));

  private static Dispatch.Forward appRoute() {
    Endpoint app = Endpoint.resolve("127.0.0.1", 9, "reviews-1", Map.of());
    Cluster local = new Cluster("inbound|9||" + HOST, HOST, Optional.empty(), 9, List.of(app));
    return new Dispatch.Forward(app, local, local.name());
  }

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
  void shouldAnswerAPlaintextCaller403RbacAndReportTheFlag() {
    String response = exchange("GET /reviews/1 HTTP/1.1\r\nHost: reviews:9080\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 403 Forbidden\r\n"), response);
    assertTrue(response.contains("x-meshlog-response-flags: RBAC\r\n"), response);
    assertTrue(response.endsWith("RBAC: access denied\n"), response);
    assertEquals(1, reported.size());
    assertEquals("RBAC", reported.get(0).responseFlags());
    assertEquals(403, reported.get(0).responseCode());
    assertEquals(0, inFlight.count());
    assertEquals(1, stats.denied());
  }

  @Test
  void shouldForwardTheRequestOfThePeerThePolicyAllows() {
    ConnectionSecurity.mutualTls(SLEEP).attachTo(channel);
    String response = exchange("GET /reviews/1 HTTP/1.1\r\nHost: reviews:9080\r\n\r\n");
    // A test channel's loop is not the transport's, so the forward fails upstream (UF): what matters
    // is that it was tried, not refused.
    assertTrue(!response.contains("RBAC"), response);
    assertTrue(reported.get(0).responseFlags().contains("UF"), reported.get(0).responseFlags());
    assertEquals(1, stats.allowed());
    assertEquals(0, stats.denied());
  }

  @Test
  void shouldAnswer503NcAndNeverReachTheAppBeforeTheFirstSnapshot() {
    EmbeddedChannel unconfigured = new EmbeddedChannel(new InboundInitializer(
        new ConnectionPool(unused, new UpstreamInitializer(), 1_000, 1),
        new Http2ConnectionPool(unused, new UpstreamStreamInitializer(), 1_000), inFlight, appRoute(), Optional.empty(),
        new DownstreamProtocols(), reported::add, Optional.empty(),
        new InboundAuthorizer("reviews-1", 9, () -> InboundAuthorization.UNCONFIGURED, stats)));
    try {
      // Even a peer any policy would allow: the policies are not known yet, so nothing passes (fail closed).
      ConnectionSecurity.mutualTls(SLEEP).attachTo(unconfigured);
      unconfigured.writeInbound(Unpooled.copiedBuffer("GET /reviews/1 HTTP/1.1\r\nHost: reviews:9080\r\n\r\n",
          StandardCharsets.US_ASCII));
      StringBuilder out = new StringBuilder();
      ByteBuf buf;
      while ((buf = unconfigured.readOutbound()) != null) {
        out.append(buf.toString(StandardCharsets.US_ASCII));
        buf.release();
      }
      String response = out.toString();
      assertTrue(response.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), response);
      assertTrue(response.contains("x-meshlog-response-flags: NC\r\n"), response);
      assertEquals("NC", reported.get(0).responseFlags());
      assertEquals(0, stats.allowed() + stats.denied());
    } finally {
      unconfigured.finishAndReleaseAll();
    }
  }
}
