package dev.meshlog.proxy.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
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

  private AdminServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /** Binds {@code 127.0.0.1:port} (0 picks a free port) synchronously and starts answering. */
  public static AdminServer bind(int port, AdminView view) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("meshlog-admin-" + view.proxyId(), true), NioIoHandler.newFactory());
    AdminHandler handler = new AdminHandler(view);
    try {
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  // codec, then whole requests (admin requests have no body worth streaming), then the pages
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                  .addLast(handler);
            }
          })
          .bind(new InetSocketAddress(LOOPBACK, port))
          .syncUninterruptibly()
          .channel();
      return new AdminServer(group, channel);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The port actually bound. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return LOOPBACK + ":" + port();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
  }
}
