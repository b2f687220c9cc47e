package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** Pipeline of a connection from another sidecar to this one's inbound listener. */
@Sharable
public final class InboundInitializer extends ChannelInitializer<Channel> {

  private static final ForwardedHeadersHandler FORWARDED = new ForwardedHeadersHandler();

  private final ConnectionPool pool;
  private final InFlight inFlight;
  private final Dispatch.Forward toApp;
  private final TelemetrySink reporting;

  public InboundInitializer(ConnectionPool pool, InFlight inFlight, Dispatch.Forward toApp, TelemetrySink reporting) {
    this.pool = pool;
    this.inFlight = inFlight;
    this.toApp = toApp;
    this.reporting = reporting;
  }

  @Override
  protected void initChannel(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    // 1. codec: HTTP/1.1 framing both ways; bodies stay streamed chunks (no aggregator).
    p.addLast("codec", new HttpServerCodec());
    // 2. keep-alive: sees the peer's Connection header before step 3 strips it.
    p.addLast("keep-alive", new HttpServerKeepAliveHandler());
    // 3. forwarding headers: hop-by-hop removal, x-forwarded-for; x-request-id kept from the caller.
    p.addLast("forwarded", FORWARDED);
    // 4. relay to the local app over pooled keep-alive connections.
    p.addLast("relay", new InboundFrontendHandler(pool, inFlight, toApp, reporting));
  }
}
