package dev.meshlog.proxy.outlier;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Envoy's outlier detector for one cluster, as Istio configures it: consecutive 5xx and consecutive
 * gateway errors (502, 503, 504) eject an endpoint at once; locally originated failures count as
 * both (Envoy's default {@code split_external_local_origin_errors: false}: a connect failure or reset
 * as a 503, a timeout as a 504). A review every {@code interval} lifts the ejections whose time is up
 * and lowers the multiplier of endpoints that stayed healthy for an interval since their last one.
 *
 * <p>Responses are counted on the event loops without locking; ejecting and reviewing take this
 * object's lock, and are rare.
 */
public final class OutlierDetector {

  private final LongSupplier clockMillis;
  private final ConcurrentHashMap<InetSocketAddress, HostOutlier> hosts = new ConcurrentHashMap<>();
  private final LongAdder ejectionsTotal = new LongAdder();
  private final LongAdder ejectionsOverflow = new LongAdder();
  private volatile OutlierPolicy policy;

  public OutlierDetector(OutlierPolicy policy, LongSupplier clockMillis) {
    this.policy = policy;
    this.clockMillis = clockMillis;
  }

  public OutlierPolicy policy() {
    return policy;
  }

  /** The endpoint's state, created healthy on first sight. */
  public HostOutlier host(InetSocketAddress address) {
    return hosts.computeIfAbsent(address, HostOutlier::new);
  }

  /** A response status from the endpoint (1xx never reaches here). */
  public void responded(HostOutlier host, int status) {
    OutlierPolicy current = policy;
    if (!current.enabled()) {
      return;
    }
    if (status < 500 || status > 599) {
      host.succeeded();
      return;
    }
    // Envoy's putHttpResponseCode: "==" so one run triggers once, even with loops counting together.
    if (status == 502 || status == 503 || status == 504) {
      if (host.consecutiveGateway.incrementAndGet() == current.consecutiveGatewayErrors()) {
        thresholdReached(host, false);
      }
    } else if (host.consecutiveGateway.get() != 0) {
      host.consecutiveGateway.set(0);
    }
    if (host.consecutive5xx.incrementAndGet() == current.consecutive5xxErrors()) {
      thresholdReached(host, true);
    }
  }

  /** A connect failure or a connection lost before the response: a 503 from the endpoint's side. */
  public void failedLocally(HostOutlier host) {
    responded(host, 503);
  }

  /** The route timeout fired while the endpoint had the request: a 504. */
  public void timedOut(HostOutlier host) {
    responded(host, 504);
  }

  /**
   * Ejects unless the endpoint is ejected already or the ejected share is at the cap; either way the
   * run that triggered it starts over, as in Envoy.
   */
  private synchronized void thresholdReached(HostOutlier host, boolean fiveXx) {
    (fiveXx ? host.consecutive5xx : host.consecutiveGateway).set(0);
    OutlierPolicy current = policy;
    if (host.isEjected() || !current.enabled() || hosts.get(host.address()) != host) {
      return;
    }
    // Envoy's check: the share ejected before this one must be below the cap, so the first of two
    // endpoints can go under the default 10%.
    if (100.0 * ejectedCount() / hosts.size() >= current.maxEjectionPercent()) {
      ejectionsOverflow.increment();
      return;
    }
    long maxMultiplier = Math.max(1, current.ejectionMillis(Integer.MAX_VALUE) / current.baseEjectionTime().toMillis());
    host.multiplier = (int) Math.min(host.multiplier + 1L, maxMultiplier);
    host.eject(clockMillis.getAsLong() + current.ejectionMillis(host.multiplier));
    ejectionsTotal.increment();
  }

  /** The interval review (Envoy's interval timer): lift expired ejections, relax healthy multipliers. */
  public synchronized void review() {
    long now = clockMillis.getAsLong();
    long interval = policy.interval().toMillis();
    for (HostOutlier host : hosts.values()) {
      if (!host.isEjected()) {
        if (host.lastUnejectedMillis >= 0 && now - host.lastUnejectedMillis >= interval && host.multiplier > 0) {
          host.multiplier--;
        }
      } else if (now >= host.ejectedUntilMillis()) {
        host.restore(now);
      }
    }
  }

  /**
   * A new snapshot's policy and endpoints: ejections of endpoints still present stay, removed
   * endpoints are forgotten, and turning detection off lifts every ejection.
   */
  public synchronized void update(OutlierPolicy next, Collection<InetSocketAddress> endpoints) {
    policy = next;
    Set<InetSocketAddress> keep = Set.copyOf(endpoints);
    hosts.keySet().retainAll(keep);
    if (!next.enabled()) {
      long now = clockMillis.getAsLong();
      hosts.values().stream().filter(HostOutlier::isEjected).forEach(h -> h.restore(now));
    }
  }

  /** Endpoints ejected now (Envoy's {@code ejections_active}). */
  public int ejectedCount() {
    int ejected = 0;
    for (HostOutlier host : hosts.values()) {
      ejected += host.isEjected() ? 1 : 0;
    }
    return ejected;
  }

  /** Ejections since start (Envoy's {@code ejections_enforced_total}). */
  public long ejectionsTotal() {
    return ejectionsTotal.sum();
  }

  /** Ejections the max ejection percent prevented (Envoy's {@code ejections_overflow}). */
  public long ejectionsOverflow() {
    return ejectionsOverflow.sum();
  }
}
