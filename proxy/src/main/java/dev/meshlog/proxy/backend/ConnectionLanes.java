package dev.meshlog.proxy.backend;

import dev.meshlog.proxy.circuit.CircuitBreaker;
import dev.meshlog.proxy.circuit.CircuitLimits;
import dev.meshlog.proxy.circuit.CircuitOverflow;
import dev.meshlog.proxy.circuit.UpstreamHost;
import dev.meshlog.proxy.mtls.UpstreamSecurity;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ConnectionPool}'s connections to cluster endpoints, under the cluster's circuit
 * breaker as Envoy's HTTP/1.1 pool does it: an idle connection is reused; else one is opened if the
 * cluster is below {@code maxConnections}, or if this endpoint has none on this loop (Envoy opens
 * one anyway, so a waiting request always has a connection to wait for); else the request waits,
 * at most {@code maxPendingRequests} of them, until a connection of its lane is released or closes;
 * beyond that it fails at once with {@link CircuitOverflow}. Per event loop, so no locks.
 */
final class ConnectionLanes {

  /** Opens a counted connection to an endpoint on a loop. */
  interface Connector {
    Future<Channel> connect(EventLoop loop, InetSocketAddress endpoint, int connectTimeoutMillis, UpstreamSecurity security);
  }

  /** Plain and mTLS connections to one endpoint are separate lanes: a lane never mixes them. */
  private record LaneKey(UpstreamHost host, UpstreamSecurity security) {
  }

  private static final AttributeKey<HostLane.Use> USE = AttributeKey.valueOf("meshlog.lane");

  private final Map<EventLoop, Map<LaneKey, HostLane>> lanes = new ConcurrentHashMap<>();
  private final Connector connector;
  private final int defaultConnectTimeoutMillis;
  private final int maxIdlePerEndpoint;

  ConnectionLanes(Connector connector, int defaultConnectTimeoutMillis, int maxIdlePerEndpoint) {
    this.connector = connector;
    this.defaultConnectTimeoutMillis = defaultConnectTimeoutMillis;
    this.maxIdlePerEndpoint = maxIdlePerEndpoint;
  }

  /** Call on {@code loop}. Fails with {@link CircuitOverflow} when the request may not even wait. */
  Future<Channel> acquire(EventLoop loop, UpstreamHost host, UpstreamSecurity security) {
    HostLane lane = lanes.computeIfAbsent(loop, l -> new HashMap<>())
        .computeIfAbsent(new LaneKey(host, security), key -> new HostLane(key.host(), key.security()));
    Channel channel;
    while ((channel = lane.idle.pollLast()) != null) {
      if (channel.isActive()) {
        HostLane.Use use = channel.attr(USE).get();
        use.cancelIdleTimer();
        use.served++;
        return loop.newSucceededFuture(channel);
      }
    }
    CircuitBreaker breaker = host.breaker();
    if (breaker.tryOpenConnection()) {
      return open(loop, lane, loop.newPromise());
    }
    if (lane.open == 0) {
      breaker.openConnectionOverLimit();
      return open(loop, lane, loop.newPromise());
    }
    if (!breaker.tryPend()) {
      return loop.newFailedFuture(CircuitOverflow.INSTANCE);
    }
    Promise<Channel> waiter = loop.newPromise();
    lane.waiting.add(waiter);
    waiter.addListener(f -> {
      // A waiter that gave up (client gone, route timeout) leaves the queue and the pending count.
      if (f.isCancelled() && lane.waiting.remove(waiter)) {
        breaker.endPending();
      }
    });
    return waiter;
  }

  boolean owns(Channel channel) {
    return channel.hasAttr(USE) && channel.attr(USE).get() != null;
  }

  /**
   * A connection whose exchange ended cleanly: to the first waiter of its lane, or closed when it
   * served {@code maxRequestsPerConnection}, or pooled (idle timer armed). Call on its loop.
   */
  void release(Channel channel) {
    HostLane.Use use = channel.attr(USE).get();
    HostLane lane = use.lane;
    CircuitLimits limits = lane.host.breaker().limits();
    if (!channel.isActive() || lane.host.retired()
        || (limits.maxRequestsPerConnection() > 0 && use.served >= limits.maxRequestsPerConnection())) {
      channel.close(); // the close listener serves a waiter with a new connection
      return;
    }
    Promise<Channel> waiter;
    while ((waiter = lane.waiting.poll()) != null) {
      lane.host.breaker().endPending();
      use.served++;
      if (waiter.trySuccess(channel)) {
        return;
      }
      use.served--;
    }
    if (lane.idle.size() >= maxIdlePerEndpoint) {
      channel.close();
      return;
    }
    lane.idle.addLast(channel);
    channel.read(); // notice the upstream closing it while idle
    if (!limits.idleTimeout().isZero()) {
      use.idleTimer = channel.eventLoop().schedule(() -> {
        if (lane.idle.remove(channel)) {
          channel.close();
        }
      }, limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Opens a connection counted in the lane and the breaker, completing {@code promise} with it. */
  private Future<Channel> open(EventLoop loop, HostLane lane, Promise<Channel> promise) {
    lane.open++;
    int timeout = lane.host.breaker().limits().connectTimeoutMillis(defaultConnectTimeoutMillis);
    Future<Channel> connect = connector.connect(loop, lane.host.address(), timeout, lane.security);
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        closed(loop, lane, null);
        promise.tryFailure(f.cause());
        return;
      }
      Channel created = connect.getNow();
      HostLane.Use use = new HostLane.Use(lane);
      use.served = 1;
      created.attr(USE).set(use);
      created.closeFuture().addListener(c -> closed(loop, lane, created));
      if (!promise.trySuccess(created)) {
        use.served = 0; // its requester left while it connected: it serves the next one
        release(created);
      }
    });
    return promise;
  }

  /** A lane connection closed (or failed to connect): the breaker slot frees, a waiter may connect. */
  private void closed(EventLoop loop, HostLane lane, Channel channel) {
    lane.open--;
    if (channel != null) {
      lane.idle.remove(channel);
      channel.attr(USE).get().cancelIdleTimer();
    }
    CircuitBreaker breaker = lane.host.breaker();
    breaker.connectionClosed();
    Promise<Channel> waiter = lane.waiting.peek();
    if (waiter != null) {
      boolean opened = breaker.openConnectionIfBelowLimit();
      if (opened || lane.open == 0) {
        if (!opened) {
          breaker.openConnectionOverLimit();
        }
        lane.waiting.poll();
        breaker.endPending();
        open(loop, lane, waiter);
        return;
      }
    }
    if (lane.unused()) {
      Map<LaneKey, HostLane> ofLoop = lanes.get(loop);
      if (ofLoop != null) {
        ofLoop.remove(new LaneKey(lane.host, lane.security), lane);
      }
    }
  }
}
