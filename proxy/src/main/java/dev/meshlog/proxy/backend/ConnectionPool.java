package dev.meshlog.proxy.backend;

import dev.meshlog.proxy.circuit.CircuitOverflow;
import dev.meshlog.proxy.circuit.UpstreamHost;
import dev.meshlog.proxy.mtls.UpstreamSecurity;
import dev.meshlog.proxy.mtls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keep-alive HTTP/1.1 connections to upstream endpoints, pooled per event loop and endpoint. A
 * connection is created on the loop of the client connection that needs it and only ever used
 * there, so each loop's idle lists are touched by that loop's thread alone (no locks on the hot
 * path; the outer map is concurrent only for the first use of a loop).
 *
 * <p>An idle connection keeps one read pending, so the upstream closing it (idle timeout) is
 * noticed at once and the connection leaves the pool instead of failing the next request.
 */
public final class ConnectionPool {

  private static final AttributeKey<IdleKey> ENDPOINT = AttributeKey.valueOf("meshlog.endpoint");
  private static final AttributeKey<Boolean> REUSED = AttributeKey.valueOf("meshlog.reused");

  private final Bootstrap template;
  private final int maxIdlePerEndpoint;
  private final Map<EventLoop, Map<IdleKey, ArrayDeque<Channel>>> idle = new ConcurrentHashMap<>();
  // Counted on connect and close rather than by walking the per-loop lists, which only their loop may touch.
  private final AtomicInteger open = new AtomicInteger();
  /** Connections to cluster endpoints, under their clusters' circuit breakers. */
  private final ConnectionLanes lanes;
  private final UpstreamTls tls;

  /**
   * @param upstreamInitializer a sharable initializer that installs the client codec and the
   *     handler relaying responses
   */
  public ConnectionPool(Transport transport, ChannelHandler upstreamInitializer, int connectTimeoutMillis, int maxIdlePerEndpoint) {
    this(transport, upstreamInitializer, connectTimeoutMillis, maxIdlePerEndpoint, UpstreamTls.PLAINTEXT_ONLY);
  }

  /** @param tls makes the mesh mTLS connections to cluster endpoints that need them */
  public ConnectionPool(Transport transport, ChannelHandler upstreamInitializer, int connectTimeoutMillis, int maxIdlePerEndpoint,
      UpstreamTls tls) {
    this.tls = tls;
    this.maxIdlePerEndpoint = maxIdlePerEndpoint;
    this.template = new Bootstrap()
        .channel(transport.channel())
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        // Reads follow writes to the client (backpressure); the relay calls read() itself.
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
        .handler(upstreamInitializer);
    this.lanes = new ConnectionLanes(this::connect, connectTimeoutMillis, maxIdlePerEndpoint);
  }

  /** How connections to cluster endpoints are secured (mesh mTLS or plain). */
  public UpstreamTls tls() {
    return tls;
  }

  /** Upstream connections open now, idle or busy, on every event loop. */
  public int openConnections() {
    return open.get();
  }

  /** Unmetered connections are pooled per endpoint and security: a plain one never serves an mTLS request. */
  private record IdleKey(InetSocketAddress endpoint, UpstreamSecurity security) {
  }

  /** An idle plain connection to {@code endpoint} on {@code loop}, or a new one. Call on {@code loop}. */
  public Future<Channel> acquire(EventLoop loop, InetSocketAddress endpoint) {
    return acquire(loop, endpoint, UpstreamSecurity.PLAINTEXT);
  }

  /**
   * An idle connection to {@code endpoint} on {@code loop} secured as {@code security} says, or a new
   * one, outside any cluster's circuit breaker (mirrors). Call on {@code loop}.
   */
  public Future<Channel> acquire(EventLoop loop, InetSocketAddress endpoint, UpstreamSecurity security) {
    IdleKey key = new IdleKey(endpoint, security);
    ArrayDeque<Channel> free = idleList(loop, key);
    Channel channel;
    while ((channel = free.pollLast()) != null) {
      if (channel.isActive()) {
        return loop.newSucceededFuture(channel);
      }
    }
    Future<Channel> connect = connect(loop, endpoint, -1, security);
    connect.addListener(f -> {
      if (f.isSuccess()) {
        Channel created = connect.getNow();
        created.attr(ENDPOINT).set(key);
        created.closeFuture().addListener(closed -> idleList(loop, key).remove(created));
      }
    });
    return connect;
  }

  /**
   * A connection to {@code host} of its cluster on {@code loop}, under the cluster's circuit
   * breaker and pool settings ({@link ConnectionLanes}): an idle one, a new one, or one released
   * later while the request waits; failed with {@link CircuitOverflow} when it may not wait either.
   * Cancel the future to stop waiting. Call on {@code loop}.
   */
  public Future<Channel> acquire(EventLoop loop, UpstreamHost host) {
    return lanes.acquire(loop, host, UpstreamSecurity.PLAINTEXT);
  }

  /** Like {@link #acquire(EventLoop, UpstreamHost)}, over mTLS or plain as {@code security} says (separate lanes). */
  public Future<Channel> acquire(EventLoop loop, UpstreamHost host, UpstreamSecurity security) {
    return lanes.acquire(loop, host, security);
  }

  /** A new connection, counted while open; {@code connectTimeoutMillis} below 0 keeps the default. */
  private Future<Channel> connect(EventLoop loop, InetSocketAddress endpoint, int connectTimeoutMillis,
      UpstreamSecurity security) {
    Promise<Channel> promise = loop.newPromise();
    Bootstrap bootstrap = template.clone(loop);
    if (connectTimeoutMillis >= 0) {
      bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    }
    ChannelFuture connect = bootstrap.connect(endpoint);
    connect.addListener(f -> {
      if (f.isSuccess()) {
        Channel created = connect.channel();
        open.incrementAndGet();
        created.closeFuture().addListener(closed -> open.decrementAndGet());
        if (security instanceof UpstreamSecurity.MutualTls mutual) {
          tls.secure(created, mutual, promise); // connected once the server is verified
        } else {
          promise.trySuccess(created);
        }
      } else {
        promise.tryFailure(f.cause());
      }
    });
    return promise;
  }

  /**
   * Returns a connection whose last exchange completed cleanly. Call on its event loop. A closed
   * connection, or one beyond the idle cap, is dropped.
   */
  public void release(Channel channel) {
    if (lanes.owns(channel)) {
      channel.attr(REUSED).set(Boolean.TRUE);
      lanes.release(channel);
      return;
    }
    IdleKey key = channel.attr(ENDPOINT).get();
    if (!channel.isActive() || key == null) {
      channel.close();
      return;
    }
    ArrayDeque<Channel> free = idleList(channel.eventLoop(), key);
    if (free.size() >= maxIdlePerEndpoint) {
      channel.close();
      return;
    }
    channel.attr(REUSED).set(Boolean.TRUE);
    free.addLast(channel);
    channel.read();
  }

  /**
   * Whether {@code channel} served an exchange before: only such a connection can have been closed
   * by the upstream's idle timeout just as a request went out, which makes a replay safe.
   */
  public static boolean isReused(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(REUSED).get());
  }


  private ArrayDeque<Channel> idleList(EventLoop loop, IdleKey key) {
    return idle.computeIfAbsent(loop, l -> new HashMap<>()).computeIfAbsent(key, e -> new ArrayDeque<>());
  }
}
