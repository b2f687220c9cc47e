package dev.meshlog.proxy.authz;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** At most one pass per interval, counting the events it held back; safe across event loops. */
final class Throttle {

  private final long intervalMillis;
  private final LongSupplier clock;
  private final AtomicLong nextPass = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong held = new AtomicLong();

  Throttle(long intervalMillis, LongSupplier clock) {
    this.intervalMillis = intervalMillis;
    this.clock = clock;
  }

  /** @return -1 when this event is held back, else how many were held back since the last pass */
  long pass() {
    long now = clock.getAsLong();
    long next = nextPass.get();
    if (now < next || !nextPass.compareAndSet(next, now + intervalMillis)) {
      held.incrementAndGet();
      return -1;
    }
    return held.getAndSet(0);
  }
}
