package dev.meshlog.proxy.outlier;

import dev.meshlog.proxy.balance.HostHealth;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint's outlier state within a cluster (Envoy's host monitor). The error runs are counted
 * by every event loop (atomics); ejection state changes only under its {@link OutlierDetector}'s
 * lock, and the balancers read {@link #isEjected()} from a volatile on every pick.
 */
public final class HostOutlier implements HostHealth {

  private final InetSocketAddress address;
  final AtomicInteger consecutive5xx = new AtomicInteger();
  final AtomicInteger consecutiveGateway = new AtomicInteger();
  private volatile boolean ejected;
  private volatile long ejectedUntilMillis;
  private volatile int ejections;
  // Guarded by the detector's lock.
  int multiplier;
  long lastUnejectedMillis = -1;

  HostOutlier(InetSocketAddress address) {
    this.address = address;
  }

  public InetSocketAddress address() {
    return address;
  }

  @Override
  public boolean isEjected() {
    return ejected;
  }

  /** When the current ejection ends (it is lifted on the first interval review after), 0 when not ejected. */
  public long ejectedUntilMillis() {
    return ejected ? ejectedUntilMillis : 0;
  }

  /** How many times this endpoint was ejected since it joined the cluster. */
  public int ejections() {
    return ejections;
  }

  /** The ejection multiplier (Envoy's eject time backoff): grows per ejection, shrinks while healthy. */
  int multiplier() {
    return multiplier;
  }

  void eject(long untilMillis) {
    ejectedUntilMillis = untilMillis;
    ejections++;
    ejected = true;
  }

  void restore(long nowMillis) {
    ejected = false;
    ejectedUntilMillis = 0;
    lastUnejectedMillis = nowMillis;
    consecutive5xx.set(0);
    consecutiveGateway.set(0);
  }

  /** A non-error response ends both runs; written only when there is a run, to keep the line clean. */
  void succeeded() {
    if (consecutive5xx.get() != 0) {
      consecutive5xx.set(0);
    }
    if (consecutiveGateway.get() != 0) {
      consecutiveGateway.set(0);
    }
  }
}
