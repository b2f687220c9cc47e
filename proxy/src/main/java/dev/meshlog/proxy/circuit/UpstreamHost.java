package dev.meshlog.proxy.circuit;

import dev.meshlog.proxy.balance.ActiveRequests;
import dev.meshlog.proxy.balance.HostHealth;
import dev.meshlog.proxy.outlier.HostOutlier;
import dev.meshlog.proxy.outlier.OutlierPolicy;
import java.net.InetSocketAddress;

/**
 * One endpoint of one cluster with the state that outlives snapshots: requests in flight, outlier
 * state, and (through its cluster) the circuit breaker. The balancers see it as its
 * {@link HostHealth}; the listener reports each upstream attempt's outcome to it. Its identity keys
 * the endpoint's pooled connections, so two clusters sharing an address keep separate pools, as in Envoy.
 */
public final class UpstreamHost implements HostHealth {

  private final InetSocketAddress address;
  private final UpstreamCluster cluster;
  private final HostOutlier outlier;
  private final ActiveRequests active = new ActiveRequests();
  private volatile boolean retired;

  UpstreamHost(InetSocketAddress address, UpstreamCluster cluster, HostOutlier outlier) {
    this.address = address;
    this.cluster = cluster;
    this.outlier = outlier;
  }

  /** An endpoint outside any registry: no limits, never ejected (the inbound app, tests). */
  public static UpstreamHost unmetered(InetSocketAddress address) {
    return new UpstreamCluster("", CircuitLimits.DEFAULTS, OutlierPolicy.NONE, System::currentTimeMillis).host(address);
  }

  public InetSocketAddress address() {
    return address;
  }

  public UpstreamCluster cluster() {
    return cluster;
  }

  public CircuitBreaker breaker() {
    return cluster.breaker();
  }

  /** Requests in flight to this endpoint, across snapshots (least request reads it). */
  public ActiveRequests active() {
    return active;
  }

  public HostOutlier outlier() {
    return outlier;
  }

  @Override
  public boolean isEjected() {
    return outlier.isEjected();
  }

  /** The endpoint answered with {@code status} (final, not 1xx). */
  public void responded(int status) {
    cluster.detector().responded(outlier, status);
  }

  /** Connect failure, or the connection lost before a response. */
  public void failedLocally() {
    cluster.detector().failedLocally(outlier);
  }

  /** The route timeout fired while this endpoint had the request. */
  public void timedOut() {
    cluster.detector().timedOut(outlier);
  }

  /**
   * Whether the cluster no longer lists this endpoint: its connections are closed as their
   * exchanges end instead of being pooled for nobody.
   */
  public boolean retired() {
    return retired;
  }

  void retire() {
    retired = true;
  }

  @Override
  public String toString() {
    return cluster.name() + "/" + address;
  }
}
