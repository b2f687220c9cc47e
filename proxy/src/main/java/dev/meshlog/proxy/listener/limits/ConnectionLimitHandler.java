package dev.meshlog.proxy.listener.limits;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A listener's connection limit (Envoy's {@code global_downstream_max_connections}, per listener
 * here): a connection past it is closed before anything reads from it, so it costs a socket for a
 * moment and no buffers. Withholding {@code channelActive} keeps the handlers after it from reading.
 */
@Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

  private final ListenerGuard guard;

  ConnectionLimitHandler(ListenerGuard guard) {
    this.guard = guard;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!guard.tryOpen()) {
      guard.count(Rejection.CONNECTION_LIMIT);
      ctx.close();
      return;
    }
    ctx.channel().closeFuture().addListener(f -> guard.closed());
    ctx.fireChannelActive();
    ctx.pipeline().remove(this);
  }
}
