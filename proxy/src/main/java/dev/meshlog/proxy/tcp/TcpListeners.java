package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.backend.Transport;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.telemetry.ConnectionSink;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP listeners of a sidecar, one per tcp route port, on the TCP bind address. Without
 * transparent capture (no iptables, no service VIPs) the app reaches {@code mysql:3306} by
 * connecting to {@code bindAddress:3306}, like an Istio Sidecar egress listener with {@code bind}.
 *
 * <p>{@link #apply} swaps to a snapshot's routes: new ports are bound first (a port that cannot be
 * bound rejects the snapshot and leaves everything as it was, as Envoy NACKs a listener it cannot
 * bind), then the routing is swapped whole, then removed ports stop accepting. Open connections
 * are never touched: they keep the upstream they were relayed to.
 */
public final class TcpListeners implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TcpListeners.class);

  private final Transport transport;
  private final String bindAddress;
  private final String proxyId;
  private final AtomicReference<TcpRouting> routing = new AtomicReference<>(TcpRouting.EMPTY);
  private final TcpListenerContext context;
  // Touched by the snapshot thread (apply) and close() only, under this object's lock.
  private final Map<Integer, Channel> bound = new HashMap<>();
  private final Set<String> warnedShadowed = new HashSet<>();
  private boolean closed;

  /**
   * @param eventLoopThreads threads of the TCP proxy's own event loop group (see {@link TcpEventLoops})
   */
  public TcpListeners(String proxyId, int eventLoopThreads, String bindAddress, TcpTuning tuning, Duration connectTimeout,
      Supplier<RandomGenerator> random, TcpStats stats) {
    this(proxyId, eventLoopThreads, bindAddress, tuning, connectTimeout, random, stats, ConnectionSink.NONE);
  }

  /** @param connections where each connection is reported opened and closed (telemetry) */
  public TcpListeners(String proxyId, int eventLoopThreads, String bindAddress, TcpTuning tuning, Duration connectTimeout,
      Supplier<RandomGenerator> random, TcpStats stats, ConnectionSink connections) {
    this.proxyId = proxyId;
    this.transport = TcpEventLoops.nio(eventLoopThreads, "meshlog-" + proxyId + "-tcp");
    this.bindAddress = bindAddress;
    this.context = new TcpListenerContext(routing::get, new TcpConnector(transport, connectTimeout), tuning, random, stats,
        connections);
  }

  /**
   * Serves {@code routes} from now on, balancing with {@code table}'s balancers. Call off the event
   * loops (binding waits).
   *
   * @throws IllegalArgumentException when a new port cannot be bound; nothing changed then
   */
  public synchronized void apply(List<TcpRoute> routes, RouteTable table) {
    if (closed) {
      return;
    }
    ListenerPlan plan = ListenerPlan.of(bound.keySet(), routes);
    warnShadowed(plan.shadowed());
    Map<Integer, Channel> opened = new HashMap<>();
    TcpRouting previous = routing.getAndSet(new TcpRouting(plan.serve(), table));
    for (int port : plan.open()) {
      try {
        opened.put(port, bind(port));
      } catch (Exception e) {
        // Netty rethrows the bind's IOException undeclared, hence Exception.
        routing.set(previous);
        opened.values().forEach(channel -> channel.close().awaitUninterruptibly());
        throw new IllegalArgumentException("tcp route " + plan.serve().get(port).label() + ": cannot listen on "
            + bindAddress + ":" + port + " (" + e.getMessage() + ")", e);
      }
    }
    bound.putAll(opened);
    for (int port : plan.close()) {
      // Closing the server channel stops accepting; the connections it accepted are its children
      // only in name and stay open.
      bound.remove(port).close().awaitUninterruptibly();
    }
    if (!plan.open().isEmpty() || !plan.close().isEmpty()) {
      log.info("[proxy={}] tcp listeners on {}: {} (opened {}, closed {})", proxyId, bindAddress, ports(), plan.open(),
          plan.close());
    }
  }

  /** The ports listening now, in order. */
  public synchronized Set<Integer> ports() {
    return new TreeSet<>(bound.keySet());
  }

  public String bindAddress() {
    return bindAddress;
  }

  /** Stops accepting on every port, then closes the open connections with the event loops. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    bound.values().forEach(channel -> channel.close().awaitUninterruptibly());
    bound.clear();
    routing.set(TcpRouting.EMPTY);
    transport.shutdown(Duration.ofSeconds(5));
  }

  /** Once per route and port, not on every snapshot that still has the clash. */
  private void warnShadowed(List<TcpRoute> shadowed) {
    for (TcpRoute route : shadowed) {
      if (warnedShadowed.add(route.label())) {
        log.warn("[proxy={}] tcp route {} is not served: port {} is taken by an earlier route", proxyId, route.label(),
            route.port());
      }
    }
  }

  private Channel bind(int port) {
    return new ServerBootstrap()
        .group(transport.group())
        .channel(transport.serverChannel())
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        // Reads follow writes to the upstream (backpressure); the relay calls read() itself.
        .childOption(ChannelOption.AUTO_READ, false)
        // A client's FIN is passed upstream while the response keeps flowing back.
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new TcpInitializer(port, context))
        .bind(new InetSocketAddress(bindAddress, port))
        .syncUninterruptibly()
        .channel();
  }
}
