package dev.meshlog.proxy.listener;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Requests being relayed by a sidecar, so shutdown can let them finish. */
public final class InFlight {

  private final AtomicInteger count = new AtomicInteger();

  void begin() {
    count.incrementAndGet();
  }

  void end() {
    count.decrementAndGet();
  }

  public int count() {
    return count.get();
  }

  /** Waits (off the event loops) until no request is in flight; false if {@code timeout} passed first. */
  public boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count.get() > 0) {
      if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return true;
  }
}
