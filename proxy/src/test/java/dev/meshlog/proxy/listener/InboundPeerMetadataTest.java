package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.authz.AuthzPolicy;
import dev.meshlog.proxy.authz.AuthzRule;
import dev.meshlog.proxy.authz.Condition;
import dev.meshlog.proxy.authz.InboundAuthorization;
import dev.meshlog.proxy.authz.InboundAuthorizer;
import dev.meshlog.proxy.authz.RbacStats;
import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.backend.Transport;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.telemetry.PeerExchange;
import dev.meshlog.proxy.telemetry.ReportingWorkload;
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
 * The inbound listener takes the caller's x-meshlog-peer off the request before authorization:
 * a policy denying any request that carries one never sees it, and the record still gets the
 * caller's labels.
 */
class InboundPeerMetadataTest {

  private static final String HOST = "reviews.default.svc.cluster.local";

  private final Transport unused = new Transport(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
      NioServerSocketChannel.class, NioSocketChannel.class, false);
  private final List<RequestOutcome> reported = new ArrayList<>();
  private final RbacStats stats = new RbacStats();
  private final InboundAuthorization denyPeerHeader = new InboundAuthorization(List.of(new AuthzPolicy(
      "AuthorizationPolicy/default/deny-peer-header", AuthzPolicy.Action.DENY, List.of(new AuthzRule(List.of(), List.of(),
          List.of(Condition.of("request.headers[x-meshlog-peer]", List.of("*"), List.of())))))));
  private final PeerExchange peers = PeerExchange.of(ReportingWorkload.of("reviews-1", "default", Map.of("app", "reviews"), null));
  private final EmbeddedChannel channel = new EmbeddedChannel(new InboundInitializer(
      new ConnectionPool(unused, new UpstreamInitializer(), 1_000, 1),
      new Http2ConnectionPool(unused, new UpstreamStreamInitializer(), 1_000), new InFlight(), appRoute(), Optional.empty(),
      new DownstreamProtocols(), reported::add, Optional.empty(), new InboundAuthorizer("reviews-1", 9, () -> denyPeerHeader, stats))
      .exchangingPeerMetadata(peers));

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
  void shouldTakeThePeerHeaderOffBeforeAuthorizationAndKeepItsLabelsForTheRecord() {
    String response = exchange("GET /reviews/1 HTTP/1.1\r\nHost: reviews:9080\r\n"
        + "x-meshlog-peer: v1;productpage-v1;default;productpage;v1\r\n\r\n");
    // Not denied: the policy's header was gone. (A test channel cannot reach the app: UF.)
    assertFalse(response.contains("RBAC"), response);
    assertEquals(0, stats.denied());
    assertEquals(1, reported.size());
    assertTrue(reported.get(0).responseFlags().contains("UF"), reported.get(0).responseFlags());
    assertEquals("productpage-v1", reported.get(0).peer().workload());
    assertEquals("v1", reported.get(0).peer().version());
    assertEquals(1, peers.accepted());
  }

  @Test
  void shouldCountAHostileValueAndGoOnWithUnknownLabels() {
    String response = exchange("GET /reviews/1 HTTP/1.1\r\nHost: reviews:9080\r\n"
        + "x-meshlog-peer: v1;a;b;c;d;e\r\n\r\n");
    assertFalse(response.contains("RBAC"), response);
    assertEquals("unknown", reported.get(0).peer().workload());
    assertEquals(1, peers.rejected());
  }
}
