package dev.meshlog.proxy.tcp;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * TCP proxy counters per route ({@code host:port}), cumulative since start and across snapshots,
 * like Envoy's {@code tcp.<stat_prefix>.*} stats. Event loops add, the admin page reads: adders,
 * no locks.
 */
public final class TcpStats {

  private final ConcurrentMap<String, RouteCounters> byRoute = new ConcurrentHashMap<>();

  /** The counters of {@code route}, created on first use. */
  public RouteCounters route(TcpRoute route) {
    return byRoute.computeIfAbsent(route.label(), label -> new RouteCounters(route.host(), route.port()));
  }

  /** Every route's counters, ordered by host then port. */
  public List<RouteCounters> routes() {
    return byRoute.values().stream()
        .sorted(Comparator.comparing(RouteCounters::host).thenComparingInt(RouteCounters::port)).toList();
  }

  /** One route's counters. "Received" is from the downstream client, "sent" is to it. */
  public static final class RouteCounters {

    private final String host;
    private final int port;
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder upstreamFailures = new LongAdder();
    private final LongAdder noHealthyUpstream = new LongAdder();

    RouteCounters(String host, int port) {
      this.host = host;
      this.port = port;
    }

    public String host() {
      return host;
    }

    public int port() {
      return port;
    }

    /** Client connections accepted. */
    public long opened() {
      return opened.sum();
    }

    /** Client connections closed, for any reason. */
    public long closed() {
      return closed.sum();
    }

    public long receivedBytes() {
      return received.sum();
    }

    public long sentBytes() {
      return sent.sum();
    }

    /** Upstream connect attempts that failed (refused, timed out). */
    public long connectFailures() {
      return connectFailures.sum();
    }

    /** Client connections closed because no attempt connected: Envoy's UF. */
    public long upstreamFailures() {
      return upstreamFailures.sum();
    }

    /** Client connections closed because the picked cluster had no endpoint: Envoy's UH. */
    public long noHealthyUpstream() {
      return noHealthyUpstream.sum();
    }

    void countOpened() {
      opened.increment();
    }

    void countClosed() {
      closed.increment();
    }

    void addReceived(long bytes) {
      received.add(bytes);
    }

    void addSent(long bytes) {
      sent.add(bytes);
    }

    void countConnectFailure() {
      connectFailures.increment();
    }

    void countUpstreamFailure() {
      upstreamFailures.increment();
    }

    void countNoHealthyUpstream() {
      noHealthyUpstream.increment();
    }
  }
}
