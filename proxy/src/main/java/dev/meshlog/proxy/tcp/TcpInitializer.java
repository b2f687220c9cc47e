package dev.meshlog.proxy.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/** Pipeline of a client connection to one TCP listener (one port). */
@Sharable
final class TcpInitializer extends ChannelInitializer<Channel> {

  private final int port;
  private final TcpListenerContext context;

  TcpInitializer(int port, TcpListenerContext context) {
    this.port = port;
    this.context = context;
  }

  @Override
  protected void initChannel(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    // 1. idle timeout: sees the client's bytes (reads) and the upstream's (writes), so both directions count.
    if (!context.tuning().idleTimeout().isZero()) {
      p.addLast("idle", new TcpIdleTimeoutHandler(context.tuning().idleTimeout()));
    }
    // 2. routing and relay: port -> route -> cluster -> endpoint; replaced by the relay once connected.
    p.addLast("connect", new TcpFrontendHandler(port, context));
  }
}
