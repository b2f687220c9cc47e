package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.backend.Transport;
import dev.meshlog.proxy.route.FaultInjection;
import dev.meshlog.proxy.route.HeaderPolicy;
import dev.meshlog.proxy.route.Percentage;
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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An injected delay is a timer on the connection's loop: it holds, then answers, and dies with the connection. */
class FaultTimerTest {

  private static final String HOST = "reviews.default.svc.cluster.local";

  private final Transport unused = new Transport(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
      NioServerSocketChannel.class, NioSocketChannel.class, false);
  private final List<RequestOutcome> reported = new ArrayList<>();
  private final InFlight inFlight = new InFlight();
  /** 100% delay of 300 ms, then 100% abort with 418, on a rule that would answer 200 directly. */
  private final RouteTable routes = RouteTable.of(List.of(new VirtualHost(HOST, 80, List.of(HOST, "reviews"), List.of(
      new Rule("faulty", List.of(), new RuleAction.DirectResponse(200, Optional.of("ok")), HeaderPolicy.NONE,
          new FaultInjection(Optional.of(new FaultInjection.Delay(Duration.ofMillis(300), Percentage.ALWAYS)),
              Optional.of(new FaultInjection.Abort(418, Percentage.ALWAYS))))))),
      List.of());

  private EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(new OutboundInitializer(new ConnectionPool(unused, new UpstreamInitializer(), 1_000, 1),
        new Http2ConnectionPool(unused, new UpstreamStreamInitializer(), 1_000),
        inFlight, () -> routes, () -> new Random(1), reported::add));
    return channel;
  }

  @AfterEach
  void close() {
    unused.shutdown(Duration.ofSeconds(1));
  }

  private static String written(EmbeddedChannel channel) {
    StringBuilder out = new StringBuilder();
    ByteBuf buf;
    while ((buf = channel.readOutbound()) != null) {
      out.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return out.toString();
  }

  @Test
  void shouldAnswerTheAbortOnlyOnceTheDelayHasPassed() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: reviews\r\n\r\n", StandardCharsets.US_ASCII));
    assertEquals("", written(channel), "held");
    channel.advanceTimeBy(299, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertEquals("", written(channel), "still held");
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    String response = written(channel);
    assertTrue(response.startsWith("HTTP/1.1 418 "), response);
    assertTrue(response.contains("x-meshlog-response-flags: DI,FI\r\n"), response);
    assertEquals("DI,FI", reported.get(0).responseFlags());
    assertEquals(0, inFlight.count());
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldDropTheTimerWhenTheClientLeavesDuringTheDelay() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: reviews\r\n\r\n", StandardCharsets.US_ASCII));
    channel.close();
    assertEquals(1, reported.size());
    assertEquals("DI,DC", reported.get(0).responseFlags());
    assertEquals(0, inFlight.count());
    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertEquals(1, reported.size(), "the cancelled delay never answers");
    channel.finishAndReleaseAll();
  }
}
