package dev.meshlog.proxy.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The admin endpoint (Envoy's admin interface): loopback only, on its own one-thread event loop so a
 * slow scraper or a large config dump never takes a turn on a loop that relays requests.
 */
public final class AdminServer implements AutoCloseable {

  /** Admin pages are read on the machine itself, never from the network. */
  public static final String LOOPBACK = "127.0.0.1";
  private static final int MAX_REQUEST_BYTES = 16 * 1024;

  private final EventLoopGroup group;
  private final Channel channel;
  private final ChannelGroup connections;

  private AdminServer(EventLoopGroup group, Channel channel, ChannelGroup connections) {
    this.group = group;
    this.channel = channel;
    this.connections = connections;
  }

  /** Binds {@code 127.0.0.1:port} (0 picks a free port) synchronously and starts answering. */
  public static AdminServer bind(int port, AdminView view) {
    return bind(LOOPBACK, port, view);
  }

  /** Binds {@code address:port} (0 picks a free port) synchronously and starts answering. */
  public static AdminServer bind(String address, int port, AdminView view) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("meshlog-admin-" + view.proxyId(), true), NioIoHandler.newFactory());
    AdminHandler handler = new AdminHandler(view);
    // Kept-alive scraper connections, closed explicitly on close(): not left to the loop's shutdown,
    // which under load may not get to them before the caller moves on.
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              connections.add(ch);
              ch.pipeline()
                  // codec, then whole requests (admin requests have no body worth streaming), then the pages
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                  .addLast(handler);
            }
          })
          .bind(new InetSocketAddress(address, port))
          .syncUninterruptibly()
          .channel();
      return new AdminServer(group, channel, connections);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The port actually bound. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** {@code address:port} as bound ({@code 127.0.0.1:port} unless bound elsewhere). */
  public String address() {
    return ((InetSocketAddress) channel.localAddress()).getHostString() + ":" + port();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    connections.close().awaitUninterruptibly(3_000);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
  }
}
