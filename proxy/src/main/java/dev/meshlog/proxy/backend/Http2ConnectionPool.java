package dev.meshlog.proxy.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Multiplexed h2c connections to upstream endpoints, for requests that came in over HTTP/2 (Envoy's
 * USE_DOWNSTREAM_PROTOCOL, as Istio configures it). Per event loop and endpoint it keeps as few
 * connections as the peer's SETTINGS_MAX_CONCURRENT_STREAMS allows, one while there is room, and
 * lends a new stream channel per request. Like {@link ConnectionPool}, a loop's connections are
 * only touched by that loop's thread.
 */
public final class Http2ConnectionPool {

  private final Bootstrap template;
  private final ChannelHandler streamInitializer;
  private final int connectTimeoutMillis;
  private final Map<EventLoop, Map<InetSocketAddress, List<Http2Connection>>> connections = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param streamInitializer a sharable initializer for each request's stream channel: the stream
   *     codec and the handler relaying responses
   */
  public Http2ConnectionPool(Transport transport, ChannelHandler streamInitializer, int connectTimeoutMillis) {
    this.streamInitializer = streamInitializer;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.template = new Bootstrap()
        .channel(transport.channel())
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        // The connection reads freely; streams have AUTO_READ off and flow control holds the upstream back.
        .option(ChannelOption.AUTO_READ, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
  }

  /** Upstream h2 connections open now, on every event loop. */
  public int openConnections() {
    return open.get();
  }

  /**
   * A new stream to {@code endpoint} on a connection of {@code loop} with room for it, or on a new
   * connection when every one is full. Call on {@code loop}.
   */
  public Future<Channel> acquire(EventLoop loop, InetSocketAddress endpoint) {
    Promise<Channel> promise = loop.newPromise();
    acquire(loop, endpoint, promise);
    return promise;
  }

  private void acquire(EventLoop loop, InetSocketAddress endpoint, Promise<Channel> promise) {
    List<Http2Connection> list = connectionsTo(loop, endpoint);
    for (Http2Connection connection : list) {
      if (connection.hasRoom()) {
        connection.openStream(promise);
        return;
      }
    }
    Http2Connection created = new Http2Connection(streamInitializer, overflow -> acquire(loop, endpoint, overflow));
    ChannelFuture connect = template.clone(loop).handler(new Http2ClientPipeline(created, connectTimeoutMillis)).connect(endpoint);
    created.bind(connect.channel());
    list.add(created);
    open.incrementAndGet();
    connect.channel().closeFuture().addListener(closed -> {
      open.decrementAndGet();
      list.remove(created);
      created.closed(connect.cause());
    });
    created.openStream(promise);
  }

  /** A stream whose exchange is over: streams are never reused, so it is closed (reset if still open). */
  public void release(Channel stream) {
    stream.close();
  }

  private List<Http2Connection> connectionsTo(EventLoop loop, InetSocketAddress endpoint) {
    return connections.computeIfAbsent(loop, l -> new HashMap<>()).computeIfAbsent(endpoint, e -> new ArrayList<>(1));
  }
}
