package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out a cluster's endpoints in turn. Safe across event loops: the cursor is one atomic
 * counter, and the endpoint list is immutable (a new snapshot builds a new balancer).
 */
public final class RoundRobinBalancer<T> {

  private final List<T> endpoints;
  private final AtomicInteger cursor;

  public RoundRobinBalancer(List<T> endpoints) {
    this(endpoints, 0);
  }

  /** Starts the turn at {@code start}; tests use it to cross the counter's wrap. */
  RoundRobinBalancer(List<T> endpoints, int start) {
    this.endpoints = List.copyOf(endpoints);
    this.cursor = new AtomicInteger(start);
  }

  public boolean isEmpty() {
    return endpoints.isEmpty();
  }

  public int size() {
    return endpoints.size();
  }

  /**
   * The next endpoint.
   *
   * @throws IllegalStateException when there is none; check {@link #isEmpty()} first
   */
  public T next() {
    int n = endpoints.size();
    if (n == 0) {
      throw new IllegalStateException("no endpoints to balance over");
    }
    // floorMod keeps the index in range when the counter wraps past Integer.MAX_VALUE.
    return endpoints.get(Math.floorMod(cursor.getAndIncrement(), n));
  }
}
