package dev.meshlog.proxy.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight to one endpoint, read by {@link LeastRequestBalancer} and by the admin
 * {@code /clusters} page. One per endpoint per snapshot: a new snapshot starts from zero (as Envoy
 * does when a host is re-created), and requests dispatched under the old snapshot settle on the
 * old counter, which nothing reads any more.
 *
 * <p>The listener calls {@link #increment()} when it forwards a request to the endpoint and
 * {@link #decrement()} exactly once when that request completes, fails or is abandoned.
 */
public final class ActiveRequests {

  private final AtomicInteger count = new AtomicInteger();

  public void increment() {
    count.incrementAndGet();
  }

  /** Never goes below zero, so a stray extra decrement cannot make an endpoint look idle forever. */
  public void decrement() {
    int current;
    do {
      current = count.get();
      if (current <= 0) {
        return;
      }
    } while (!count.compareAndSet(current, current - 1));
  }

  public int get() {
    return count.get();
  }

  @Override
  public String toString() {
    return Integer.toString(count.get());
  }
}
