package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.listener.limits.ListenerGuard;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.overload.Overload;
import dev.meshlog.proxy.telemetry.PeerExchange;
import dev.meshlog.proxy.telemetry.RequestOutcome;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Pipeline of a connection from the local app to its sidecar's outbound listener: HTTP/1.1, or
 * HTTP/2 with prior knowledge (h2c), told apart by the first bytes.
 */
@Sharable
public final class OutboundInitializer extends ChannelInitializer<Channel> implements HttpPipelines {

  private static final ForwardedHeadersHandler FORWARDED = new ForwardedHeadersHandler();

  /** These pipelines, counting each connection by protocol. */
  private final HttpPipelines counted;
  private final ConnectionPool pool;
  private final Http2ConnectionPool h2;
  private final InFlight inFlight;
  private final Supplier<RouteTable> routes;
  private final Supplier<RandomGenerator> random;
  private final TelemetrySink telemetry;

  /**
   * @param h2 where requests that came in over HTTP/2 go upstream (over h2c); HTTP/1.1 requests use {@code pool}
   */
  public OutboundInitializer(ConnectionPool pool, Http2ConnectionPool h2, InFlight inFlight, Supplier<RouteTable> routes,
      Supplier<RandomGenerator> random, TelemetrySink telemetry) {
    this(pool, h2, inFlight, routes, random, telemetry, new DownstreamProtocols());
  }

  /** @param protocols counts this listener's connections by protocol */
  public OutboundInitializer(ConnectionPool pool, Http2ConnectionPool h2, InFlight inFlight, Supplier<RouteTable> routes,
      Supplier<RandomGenerator> random, TelemetrySink telemetry, DownstreamProtocols protocols) {
    this.counted = protocols.counting(this);
    this.pool = pool;
    this.h2 = h2;
    this.inFlight = inFlight;
    this.routes = routes;
    this.random = random;
    this.telemetry = telemetry;
  }

  private static int localPort(Channel ch) {
    return ch.localAddress() instanceof InetSocketAddress local ? local.getPort() : 0;
  }

  /** Set once at start-up, before the listener binds; read per connection. */
  private volatile PeerExchange peers = PeerExchange.OFF;

  /** Set once at start-up, before the listener binds; read per connection. */
  private volatile ListenerGuard guard = ListenerGuard.standalone("outbound");

  /** Refuses hostile clients per {@code listenerGuard}'s limits and counts them there (default: the default limits). */
  public OutboundInitializer guardedBy(ListenerGuard listenerGuard) {
    this.guard = listenerGuard;
    return this;
  }

  /** Sends and reads {@code x-meshlog-peer} through {@code peers} (without it: only strips the header). */
  public OutboundInitializer exchangingPeerMetadata(PeerExchange peers) {
    this.peers = peers;
    return this;
  }

  /** Set once at start-up, before the listener binds; read per connection. */
  private volatile Overload overload = Overload.OFF;

  /** Sheds requests over the sidecar's bound (503 OM) before they are routed. */
  public OutboundInitializer shedding(Overload bound) {
    this.overload = bound;
    return this;
  }

  @Override
  protected void initChannel(Channel ch) {
    // -1. limits: a connection past the listener's limit is closed at once; request headers and idle timeouts.
    ch.pipeline().addLast("connection-limit", guard.connectionLimit());
    ch.pipeline().addLast("timeouts", guard.newTimeouts());
    // 0. protocol: peeks at the first bytes, installs the HTTP/1.1 or the HTTP/2 pipeline below, and leaves.
    ch.pipeline().addLast("protocol", new ProtocolDetector(counted));
  }

  @Override
  public void http1(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    // 1. codec: HTTP/1.1 framing both ways; bodies stay streamed chunks (no aggregator).
    p.addLast("codec", guard.newHttp1Codec());
    // 1b. limits: 400/414/431 for what the codec refused or too many headers, counted; feeds the headers timeout.
    p.addLast("limits", guard.newHttp1Limits());
    // 2. keep-alive: must see the client's Connection header before step 3 strips it; closes the
    //    connection after the last response when the client asked for that.
    p.addLast("keep-alive", new HttpServerKeepAliveHandler());
    // 3. forwarding headers: origin-form target, hop-by-hop removal, x-forwarded-for, x-request-id.
    p.addLast("overload", overload.guard(telemetry, RequestOutcome.Side.OUTBOUND)); // 503 OM over the bound (docs/overload.md)
    p.addLast("forwarded", FORWARDED);
    // 4. routing and relay: Host and matches -> route table -> pooled upstream connection; telemetry per request.
    p.addLast("relay", new OutboundFrontendHandler(pool, inFlight, routes, random, telemetry, localPort(ch), peers));
    // The relay's own first read was due at channelActive, which is past.
    ch.read();
  }

  @Override
  public void http2(Channel ch) {
    int port = localPort(ch);
    // Per stream: frames -> HTTP objects, then steps 3 and 4 of the HTTP/1.1 pipeline (:authority routes as Host).
    Http2Downstream.install(ch, h2, guard, stream -> stream.pipeline()
        .addLast("overload", overload.guard(telemetry, RequestOutcome.Side.OUTBOUND))
        .addLast("forwarded", FORWARDED)
        .addLast("relay", new OutboundFrontendHandler(pool, inFlight, routes, random, telemetry, port, peers)));
  }
}
