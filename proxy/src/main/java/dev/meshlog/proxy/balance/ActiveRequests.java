package dev.meshlog.proxy.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight to one endpoint, read by {@link LeastRequestBalancer} and by the admin
 * {@code /clusters} page. In a sidecar one per endpoint of a cluster for as long as the cluster
 * lists it ({@code circuit.UpstreamHost}), so snapshot swaps keep the count, as Envoy keeps a host
 * an update still lists; a table built without live state starts its own counters from zero.
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
