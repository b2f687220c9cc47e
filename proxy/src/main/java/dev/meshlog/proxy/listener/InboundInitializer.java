package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.authz.InboundAuthorizer;
import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.listener.limits.ListenerGuard;
import dev.meshlog.proxy.listener.tls.AlpnPipelines;
import dev.meshlog.proxy.listener.tls.ServerTls;
import dev.meshlog.proxy.mtls.InboundMtls;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.overload.Overload;
import dev.meshlog.proxy.telemetry.PeerExchange;
import dev.meshlog.proxy.telemetry.RequestOutcome;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.util.Optional;

/**
 * Pipeline of a connection from another sidecar to this one's inbound listener: HTTP/1.1 or h2c
 * told apart by the first bytes, or, with a certificate, TLS with ALPN choosing h2 or http/1.1.
 */
@Sharable
public final class InboundInitializer extends ChannelInitializer<Channel> implements HttpPipelines {

  private static final ForwardedHeadersHandler FORWARDED = new ForwardedHeadersHandler();

  /** These pipelines, counting each connection by protocol. */
  private final HttpPipelines counted;
  private final ConnectionPool pool;
  private final Http2ConnectionPool h2;
  private final InFlight inFlight;
  private final Dispatch.Forward toApp;
  private final Optional<ServerTls> tls;
  private final TelemetrySink reporting;
  private final Optional<InboundMtls> mesh;
  private final InboundAuthorizer authorizer;

  /** A listener without mesh mTLS or authorization: every request reaches the app. */
  public InboundInitializer(ConnectionPool pool, Http2ConnectionPool h2, InFlight inFlight, Dispatch.Forward toApp,
      Optional<ServerTls> tls, DownstreamProtocols protocols, TelemetrySink reporting) {
    this(pool, h2, inFlight, toApp, tls, protocols, reporting, Optional.empty(), InboundAuthorizer.ALLOW_ALL);
  }

  /**
   * @param h2 how requests that came in over HTTP/2 reach the app (h2c); HTTP/1.1 ones use {@code pool}
   * @param tls the listener's certificate; empty = plaintext
   * @param reporting where inbound requests are reported (telemetry as reporter DESTINATION, and the access log)
   * @param mesh mesh mTLS per PeerAuthentication, when the listener has no certificate of its own
   * @param authorizer the AuthorizationPolicies each request passes before it is forwarded
   */
  public InboundInitializer(ConnectionPool pool, Http2ConnectionPool h2, InFlight inFlight, Dispatch.Forward toApp,
      Optional<ServerTls> tls, DownstreamProtocols protocols, TelemetrySink reporting, Optional<InboundMtls> mesh,
      InboundAuthorizer authorizer) {
    this.mesh = mesh;
    this.counted = protocols.counting(this);
    this.pool = pool;
    this.h2 = h2;
    this.inFlight = inFlight;
    this.toApp = toApp;
    this.tls = tls;
    this.reporting = reporting;
    this.authorizer = authorizer;
  }

  /** Set once at start-up, before the listener binds; read per connection. */
  private volatile PeerExchange peers = PeerExchange.OFF;

  /** Set once at start-up, before the listener binds; read per connection. */
  private volatile ListenerGuard guard = ListenerGuard.standalone("inbound");

  /** Refuses hostile clients per {@code listenerGuard}'s limits and counts them there (default: the default limits). */
  public InboundInitializer guardedBy(ListenerGuard listenerGuard) {
    this.guard = listenerGuard;
    return this;
  }

  /** Sends and reads {@code x-meshlog-peer} through {@code peers} (without it: only strips the header). */
  public InboundInitializer exchangingPeerMetadata(PeerExchange peers) {
    this.peers = peers;
    return this;
  }

  /** Set once at start-up, before the listener binds; read per connection. */
  private volatile Overload overload = Overload.OFF;

  /** Sheds requests over the sidecar's bound (503 OM) before they are routed. */
  public InboundInitializer shedding(Overload bound) {
    this.overload = bound;
    return this;
  }

  @Override
  protected void initChannel(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    // -1. limits: a connection past the listener's limit is closed at once; request headers and idle timeouts.
    p.addLast("connection-limit", guard.connectionLimit());
    p.addLast("timeouts", guard.newTimeouts());
    if (tls.isPresent()) {
      // 0. TLS, then ALPN picks the pipeline below once the handshake is done.
      p.addLast("tls", tls.get().newHandler(ch.alloc()));
      p.addLast("alpn", new AlpnPipelines(counted));
    } else if (mesh.isPresent()) {
      // 0. mesh mTLS: peeks at the first bytes and, per PeerAuthentication, installs TLS + ALPN or the
      //    plaintext protocol detector below, or refuses the connection.
      p.addLast("mtls", mesh.get().newHandler(() -> new ProtocolDetector(counted), () -> new AlpnPipelines(counted)));
    } else {
      // 0. protocol: peeks at the first bytes for the h2c preface, installs a pipeline below, and leaves.
      p.addLast("protocol", new ProtocolDetector(counted));
    }
  }

  @Override
  public void http1(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    // 1. codec: HTTP/1.1 framing both ways; bodies stay streamed chunks (no aggregator).
    p.addLast("codec", guard.newHttp1Codec());
    // 1b. limits: 400/414/431 for what the codec refused or too many headers, counted; feeds the headers timeout.
    p.addLast("limits", guard.newHttp1Limits());
    // 2. keep-alive: sees the peer's Connection header before step 3 strips it.
    p.addLast("keep-alive", new HttpServerKeepAliveHandler());
    // 3. forwarding headers: hop-by-hop removal, x-forwarded-for; x-request-id kept from the caller.
    p.addLast("overload", overload.guard(reporting, RequestOutcome.Side.INBOUND)); // 503 OM over the bound (docs/overload.md)
    p.addLast("forwarded", FORWARDED);
    // 4. authorization (403 RBAC when denied), then relay to the local app over pooled keep-alive connections.
    p.addLast("relay", new InboundFrontendHandler(pool, inFlight, toApp, reporting, authorizer, peers));
    // The relay's own first read was due at channelActive, which is past.
    ch.read();
  }

  @Override
  public void http2(Channel ch) {
    // Per stream: frames -> HTTP objects, then steps 3 and 4; the app is reached over h2c.
    Http2Downstream.install(ch, h2, guard, stream -> stream.pipeline()
        .addLast("overload", overload.guard(reporting, RequestOutcome.Side.INBOUND))
        .addLast("forwarded", FORWARDED)
        .addLast("relay", new InboundFrontendHandler(pool, inFlight, toApp, reporting, authorizer, peers)));
  }
}
