package dev.meshlog.proxy.backend;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one event loop group of a sidecar and the channel classes that go with it: epoll when the
 * native transport loads, NIO otherwise. Listeners and upstream connections share the group, and an
 * upstream connection runs on its client connection's loop, so relaying never crosses threads.
 */
public record Transport(
    EventLoopGroup group,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> channel,
    boolean epoll) {

  public static Transport create(int threads, String threadPrefix) {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix, true), io);
    return epoll
        ? new Transport(group, EpollServerSocketChannel.class, EpollSocketChannel.class, true)
        : new Transport(group, NioServerSocketChannel.class, NioSocketChannel.class, false);
  }

  /** Closes every channel left and waits for the loops to end, up to {@code timeout}. */
  public void shutdown(Duration timeout) {
    group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(timeout.toMillis() + 1_000);
  }
}
