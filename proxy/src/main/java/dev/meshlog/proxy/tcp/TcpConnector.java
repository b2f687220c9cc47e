package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.backend.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens upstream connections for TCP routes, one per client connection (TCP is not pooled), on
 * the client connection's event loop so the relay never crosses threads.
 */
final class TcpConnector {

  private final Bootstrap template;

  TcpConnector(Transport transport, Duration connectTimeout) {
    this.template = new Bootstrap()
        .channel(transport.channel())
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        // Reads follow writes to the client (backpressure); the relay calls read() itself.
        .option(ChannelOption.AUTO_READ, false)
        // A FIN from the upstream is relayed, not taken as the end of the connection.
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
  }

  /** Connects to {@code endpoint} on {@code loop}, with {@code relay} as the connection's handler. */
  ChannelFuture connect(EventLoop loop, InetSocketAddress endpoint, ChannelHandler relay) {
    return template.clone(loop).handler(relay).connect(endpoint);
  }
}
