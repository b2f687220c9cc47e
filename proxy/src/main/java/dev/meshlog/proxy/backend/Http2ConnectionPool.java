package dev.meshlog.proxy.backend;

import dev.meshlog.proxy.mtls.UpstreamSecurity;
import dev.meshlog.proxy.mtls.UpstreamTls;
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
import java.util.Optional;
import javax.net.ssl.SSLException;
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
  /** Keyed by endpoint and security, so plain and mTLS connections to one endpoint never mix. */
  private final Map<EventLoop, Map<Target, List<Http2Connection>>> connections = new ConcurrentHashMap<>();
  private final UpstreamTls tls;

  private record Target(InetSocketAddress endpoint, UpstreamSecurity security) {
  }
  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param streamInitializer a sharable initializer for each request's stream channel: the stream
   *     codec and the handler relaying responses
   */
  public Http2ConnectionPool(Transport transport, ChannelHandler streamInitializer, int connectTimeoutMillis) {
    this(transport, streamInitializer, connectTimeoutMillis, UpstreamTls.PLAINTEXT_ONLY);
  }

  /** @param tls makes the mesh mTLS connections (ALPN h2) to endpoints that need them */
  public Http2ConnectionPool(Transport transport, ChannelHandler streamInitializer, int connectTimeoutMillis, UpstreamTls tls) {
    this.tls = tls;
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
    return acquire(loop, endpoint, UpstreamSecurity.PLAINTEXT);
  }

  /** Like {@link #acquire(EventLoop, InetSocketAddress)}, over mTLS (h2 by ALPN) or h2c as {@code security} says. */
  public Future<Channel> acquire(EventLoop loop, InetSocketAddress endpoint, UpstreamSecurity security) {
    Promise<Channel> promise = loop.newPromise();
    acquire(loop, new Target(endpoint, security), promise);
    return promise;
  }

  private void acquire(EventLoop loop, Target target, Promise<Channel> promise) {
    InetSocketAddress endpoint = target.endpoint();
    List<Http2Connection> list = connectionsTo(loop, target);
    for (Http2Connection connection : list) {
      if (connection.hasRoom()) {
        connection.openStream(promise);
        return;
      }
    }
    Optional<Http2ClientPipeline.SecuredBy> secured = Optional.empty();
    if (target.security() instanceof UpstreamSecurity.MutualTls mutual) {
      try {
        secured = Optional.of(new Http2ClientPipeline.SecuredBy(
            tls.newHandler(PooledByteBufAllocator.DEFAULT, endpoint, mutual, true), tls, mutual));
      } catch (SSLException e) {
        promise.setFailure(e);
        return;
      }
    }
    Http2Connection created = new Http2Connection(streamInitializer, overflow -> acquire(loop, target, overflow));
    ChannelFuture connect = template.clone(loop).handler(new Http2ClientPipeline(created, connectTimeoutMillis, secured))
        .connect(endpoint);
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

  private List<Http2Connection> connectionsTo(EventLoop loop, Target target) {
    return connections.computeIfAbsent(loop, l -> new HashMap<>()).computeIfAbsent(target, e -> new ArrayList<>(1));
  }
}
