package dev.meshlog.proxy.circuit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Envoy's circuit breakers for one cluster: open connections, pending requests and requests in
 * flight, each capped by {@link CircuitLimits}. Global across event loops (atomics), as Envoy's are
 * across workers while its connection pools are per worker. Survives snapshot swaps; a swap only
 * replaces the limits, and the counts settle against the new ones.
 */
public final class CircuitBreaker {

  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final LongAdder connectionOverflow = new LongAdder();
  private final LongAdder pendingOverflow = new LongAdder();
  private volatile CircuitLimits limits;

  public CircuitBreaker(CircuitLimits limits) {
    this.limits = limits;
  }

  public CircuitLimits limits() {
    return limits;
  }

  void limits(CircuitLimits next) {
    limits = next;
  }

  /**
   * A request may go upstream unless the cluster has {@code maxRequests} in flight; an overflow is
   * counted as Envoy counts it, in {@code upstream_rq_pending_overflow}.
   */
  public boolean tryStartRequest() {
    if (incrementBelow(requests, limits.maxRequests())) {
      return true;
    }
    pendingOverflow.increment();
    return false;
  }

  public void endRequest() {
    decrementToZero(requests);
  }

  /** Counts a new connection unless the cluster is at {@code maxConnections} ({@code upstream_cx_overflow} then). */
  public boolean tryOpenConnection() {
    if (incrementBelow(connections, limits.maxConnections())) {
      return true;
    }
    connectionOverflow.increment();
    return false;
  }

  /** Whether a waiting request may open a connection now; counts it if so, and counts no overflow. */
  public boolean openConnectionIfBelowLimit() {
    return incrementBelow(connections, limits.maxConnections());
  }

  /**
   * Counts a connection opened over the limit: Envoy still opens one when the endpoint's pool on
   * this event loop has none, so a request never waits for a connection that does not exist.
   */
  public void openConnectionOverLimit() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    decrementToZero(connections);
  }

  /** Counts a waiting request unless {@code maxPendingRequests} wait already ({@code upstream_rq_pending_overflow} then). */
  public boolean tryPend() {
    if (incrementBelow(pending, limits.maxPendingRequests())) {
      return true;
    }
    pendingOverflow.increment();
    return false;
  }

  public void endPending() {
    decrementToZero(pending);
  }

  public int openConnections() {
    return connections.get();
  }

  public int pendingRequests() {
    return pending.get();
  }

  public int activeRequests() {
    return requests.get();
  }

  /** Envoy's {@code upstream_cx_overflow}. */
  public long connectionOverflows() {
    return connectionOverflow.sum();
  }

  /** Envoy's {@code upstream_rq_pending_overflow}: pending and request limits both count here. */
  public long pendingOverflows() {
    return pendingOverflow.sum();
  }

  /** Increments unless that would pass {@code max}; a CAS loop, so concurrent loops never overshoot. */
  static boolean incrementBelow(AtomicInteger counter, int max) {
    int current;
    do {
      current = counter.get();
      if (current >= max) {
        return false;
      }
    } while (!counter.compareAndSet(current, current + 1));
    return true;
  }

  private static void decrementToZero(AtomicInteger counter) {
    int current;
    do {
      current = counter.get();
      if (current <= 0) {
        return;
      }
    } while (!counter.compareAndSet(current, current - 1));
  }
}
