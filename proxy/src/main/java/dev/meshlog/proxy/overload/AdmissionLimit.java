package dev.meshlog.proxy.overload;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bound on a sidecar's active downstream requests (Envoy's overload manager acting on
 * {@code envoy.resource_monitors.global_downstream_max_connections}, here counted per request): one
 * instance per sidecar, shared by both listeners and every event loop, so it is lock-free.
 *
 * <p>Why a bound on accepted work rather than on CPU or heap: everything a request holds (its
 * exchange, buffered body parts, an upstream connection) lives while it is active, so bounding
 * the active requests bounds the memory, and an answer never waits behind an unbounded backlog.
 */
public final class AdmissionLimit {

  private final int max;
  private final AtomicInteger active = new AtomicInteger();
  private final LongAdder shed = new LongAdder();

  /** @param max the most requests active at once; one more is shed */
  public AdmissionLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max active requests must be >= 1, got " + max);
    }
    this.max = max;
  }

  /** Takes a slot for a new request; false (and counted as shed) when all {@link #max()} are taken. */
  public boolean tryAdmit() {
    // A CAS loop, not increment-then-undo: an over-count would shed a request another thread's slot allows.
    int now;
    do {
      now = active.get();
      if (now >= max) {
        shed.increment();
        return false;
      }
    } while (!active.compareAndSet(now, now + 1));
    return true;
  }

  /** Gives back a slot {@link #tryAdmit()} took; called exactly once per admitted request. */
  public void release() {
    active.decrementAndGet();
  }

  public int max() {
    return max;
  }

  /** Requests admitted and not yet finished. */
  public int active() {
    return active.get();
  }

  /** Requests refused since start. */
  public long shedCount() {
    return shed.sum();
  }
}
