package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.backend.Transport;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The TCP proxy's own event loops, on NIO even where the sidecar's HTTP loops use epoll. Netty
 * 4.2.18's epoll registration removes a socket from epoll when its interest set becomes empty
 * (after the peer's FIN, with reads off and nothing to flush) but then modifies it as if it were
 * still there: the next write that has to wait for the socket fails with ENOENT and shuts the
 * output, cutting off a half-closed connection's response (TcpConcurrentTransfersIT shows it).
 * TCP half-close writes to half-closed clients all the time; NIO has no such registration. Loop
 * threads start on first use, so a sidecar without TCP routes pays nothing.
 */
final class TcpEventLoops {

  private TcpEventLoops() {}

  static Transport nio(int threads, String threadPrefix) {
    return new Transport(new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix, true),
        NioIoHandler.newFactory()), NioServerSocketChannel.class, NioSocketChannel.class, false);
  }
}
