package dev.meshlog.proxy.circuit;

import dev.meshlog.proxy.outlier.OutlierDetector;
import dev.meshlog.proxy.outlier.OutlierPolicy;
import dev.meshlog.proxy.retry.RetryBudget;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A cluster's live state across snapshots, kept by {@link ClusterRegistry} under the cluster's
 * name: its circuit breaker, its retry budget (which reads the breaker's request count), its
 * outlier detector and its endpoints' {@link UpstreamHost}s.
 */
public final class UpstreamCluster {

  private final String name;
  private final CircuitBreaker breaker;
  private final OutlierDetector detector;
  private final RetryBudget retryBudget;
  private final ConcurrentHashMap<InetSocketAddress, UpstreamHost> hosts = new ConcurrentHashMap<>();

  UpstreamCluster(String name, CircuitLimits limits, OutlierPolicy outlier, LongSupplier clockMillis) {
    this.name = name;
    this.breaker = new CircuitBreaker(limits);
    this.detector = new OutlierDetector(outlier, clockMillis);
    this.retryBudget = new RetryBudget(name, breaker::activeRequests);
  }

  public String name() {
    return name;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  public OutlierDetector detector() {
    return detector;
  }

  public RetryBudget retryBudget() {
    return retryBudget;
  }

  /** The endpoint's live state, created on first sight. */
  public UpstreamHost host(InetSocketAddress address) {
    UpstreamHost host = hosts.get(address);
    return host != null ? host : hosts.computeIfAbsent(address, a -> new UpstreamHost(a, this, detector.host(a)));
  }

  /** The endpoint's live state if the cluster has it. */
  public Optional<UpstreamHost> find(InetSocketAddress address) {
    return Optional.ofNullable(hosts.get(address));
  }

  /** Every endpoint known now, in no particular order. */
  public List<UpstreamHost> hosts() {
    return List.copyOf(hosts.values());
  }

  /** A new snapshot's settings: limits and policy replaced, state of endpoints no longer listed dropped. */
  void update(CircuitLimits limits, OutlierPolicy outlier, Collection<InetSocketAddress> endpoints) {
    breaker.limits(limits);
    Set<InetSocketAddress> keep = Set.copyOf(endpoints);
    hosts.values().removeIf(host -> {
      boolean removed = !keep.contains(host.address());
      if (removed) {
        host.retire();
      }
      return removed;
    });
    detector.update(outlier, endpoints);
  }
}
