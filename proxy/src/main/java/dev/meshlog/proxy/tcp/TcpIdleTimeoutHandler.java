package dev.meshlog.proxy.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Envoy's tcp_proxy {@code idle_timeout}: no byte read from or written to the client for the
 * timeout closes the connection (and so its upstream). On the client channel, reads are the
 * client's bytes and writes the upstream's, so both directions count.
 */
final class TcpIdleTimeoutHandler extends IdleStateHandler {

  TcpIdleTimeoutHandler(Duration timeout) {
    super(false, 0, 0, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
    ctx.close();
  }
}
