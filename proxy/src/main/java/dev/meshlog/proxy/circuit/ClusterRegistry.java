package dev.meshlog.proxy.circuit;

import dev.meshlog.proxy.outlier.OutlierPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's live cluster state by cluster name, held across snapshot swaps: route tables are
 * rebuilt for every snapshot, but open connections, pending and active requests, error runs and
 * ejections belong to the cluster and must not reset when an unrelated route changes. Each
 * cluster with outlier detection gets its interval review on the timer executor.
 */
public final class ClusterRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterRegistry.class);

  private final Optional<ScheduledExecutorService> timers;
  private final LongSupplier clockMillis;
  private final ConcurrentHashMap<String, UpstreamCluster> clusters = new ConcurrentHashMap<>();
  /** Interval reviews by cluster, touched only by {@link #settle} and {@link #close} (one thread). */
  private final Map<String, Review> reviews = new HashMap<>();

  /**
   * @param timers runs the outlier reviews (an event loop group will do: a review is short)
   * @param clockMillis wall-clock milliseconds, injectable for tests
   */
  public ClusterRegistry(ScheduledExecutorService timers, LongSupplier clockMillis) {
    this(Optional.of(timers), clockMillis);
  }

  private ClusterRegistry(Optional<ScheduledExecutorService> timers, LongSupplier clockMillis) {
    this.timers = timers;
    this.clockMillis = clockMillis;
  }

  /** A registry without a timer: ejections are never reviewed. For tables built outside a sidecar. */
  public static ClusterRegistry detached() {
    return new ClusterRegistry(Optional.empty(), System::currentTimeMillis);
  }

  /**
   * The cluster's live state; created with these settings if new. An existing cluster keeps its
   * settings until {@link #settle}, so a snapshot that is then refused changes nothing live.
   */
  public UpstreamCluster cluster(String name, CircuitLimits limits, OutlierPolicy outlier) {
    UpstreamCluster cluster = clusters.get(name);
    return cluster != null ? cluster
        : clusters.computeIfAbsent(name, n -> new UpstreamCluster(n, limits, outlier, clockMillis));
  }

  public Optional<UpstreamCluster> find(String name) {
    return Optional.ofNullable(clusters.get(name));
  }

  /**
   * After a swap: the applied snapshot's clusters take its limits and policies, clusters and
   * endpoints it no longer has are dropped, and interval reviews follow the policies.
   */
  public synchronized void settle(List<ClusterSettings> applied) {
    Map<String, ClusterSettings> byName = new HashMap<>();
    applied.forEach(settings -> byName.put(settings.name(), settings));
    clusters.values().removeIf(cluster -> {
      boolean removed = !byName.containsKey(cluster.name());
      if (removed) {
        cluster.hosts().forEach(UpstreamHost::retire);
      }
      return removed;
    });
    for (ClusterSettings settings : applied) {
      cluster(settings.name(), settings.limits(), settings.outlier())
          .update(settings.limits(), settings.outlier(), settings.endpoints());
    }
    reviews.entrySet().removeIf(entry -> {
      ClusterSettings settings = byName.get(entry.getKey());
      boolean stale = settings == null || !settings.outlier().enabled()
          || !settings.outlier().interval().equals(entry.getValue().interval());
      if (stale) {
        entry.getValue().timer().cancel(false);
      }
      return stale;
    });
    timers.ifPresent(executor -> applied.stream()
        .filter(settings -> settings.outlier().enabled() && !reviews.containsKey(settings.name()))
        .forEach(settings -> reviews.put(settings.name(), schedule(executor, clusters.get(settings.name()),
            settings.outlier().interval()))));
  }

  private static Review schedule(ScheduledExecutorService executor, UpstreamCluster cluster, Duration interval) {
    long millis = interval.toMillis();
    ScheduledFuture<?> timer = executor.scheduleWithFixedDelay(() -> {
      try {
        cluster.detector().review();
      } catch (RuntimeException e) {
        log.warn("outlier review of {} failed: {}", cluster.name(), e.toString());
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
    return new Review(interval, timer);
  }

  @Override
  public synchronized void close() {
    reviews.values().forEach(review -> review.timer().cancel(false));
    reviews.clear();
  }

  private record Review(Duration interval, ScheduledFuture<?> timer) {}
}
