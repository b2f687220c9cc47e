package dev.meshlog.cli.metrics;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.TelemetryPipeline;
import dev.meshlog.telemetry.query.StoreWindows;
import dev.meshlog.telemetry.query.StoresUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregates straight from the in-process pipeline's window stores (interactive queries): what a
 * scrape sees is what the pipeline has folded, with no topic round trip. The stores keep a window only
 * until its grace period ends, so the source remembers each window's latest value for {@link #HORIZON}
 * (as {@link TopicMetricSource} does) and reads the stores every {@link #REFRESH} even without scrapes,
 * so a window's final value is seen before the store lets it go.
 *
 * <p>While the stores cannot be queried (rebalance, restore after a restart, or the pipeline stopped: closed,
 * or shut down by a failure), the last answer is served again, so counters freeze and never go wrong; before
 * any answer the endpoints say 503 with the pipeline's state.
 */
public final class StoreMetricSource implements MetricSource, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StoreMetricSource.class);
  static final Duration HORIZON = TopicMetricSource.HORIZON;
  static final Duration REFRESH = Duration.ofSeconds(1);

  private final Function<Instant, StoreWindows> stores;
  private final Clock clock;
  private final Map<String, RequestMetric> requests = new HashMap<>();
  private final Map<String, ConnectionMetric> connections = new HashMap<>();
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "meshlog-store-metric-source");
    t.setDaemon(true);
    return t;
  });
  private boolean answered;
  private boolean unavailable;

  StoreMetricSource(Function<Instant, StoreWindows> stores, Clock clock) {
    this.stores = stores;
    this.clock = clock;
  }

  /** Reads {@code pipeline}'s stores on each {@link #recent()} and every {@link #REFRESH}. */
  public static StoreMetricSource start(TelemetryPipeline pipeline, Clock clock) {
    return start(() -> pipeline, clock);
  }

  /**
   * Reads the stores of whichever pipeline {@code current} gives now: whoever restarts the pipeline (same state
   * dir) hands over the new one, and the endpoints keep their counters across the restart.
   */
  public static StoreMetricSource start(Supplier<TelemetryPipeline> current, Clock clock) {
    StoreMetricSource source = new StoreMetricSource(from -> current.get().recentWindows(from), clock);
    source.refresher.scheduleWithFixedDelay(source::refreshQuietly, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    return source;
  }

  @Override
  public synchronized MetricWindows recent() {
    Instant cutoff = clock.instant().minus(HORIZON);
    try {
      StoreWindows now = stores.apply(cutoff);
      requests.putAll(now.requests());
      connections.putAll(now.connections());
      answered = true;
      if (unavailable) {
        log.info("telemetry stores queryable again");
        unavailable = false;
      }
    } catch (StoresUnavailableException | IllegalStateException e) {
      // Streams says IllegalStateException ("KafkaStreams is not running") once the client is stopped: as
      // unavailable as a store that is restoring, not a reason to answer 500.
      if (!answered) {
        throw new MetricsUnavailableException(e.getMessage(), e);
      }
      if (!unavailable) {
        log.warn("serving the last telemetry answer again: {}", e.getMessage());
        unavailable = true;
      }
    }
    requests.values().removeIf(m -> m.getWindowEnd().isBefore(cutoff));
    connections.values().removeIf(m -> m.getWindowEnd().isBefore(cutoff));
    return new MetricWindows(new ArrayList<>(requests.values()), new ArrayList<>(connections.values()));
  }

  private void refreshQuietly() {
    try {
      recent();
    } catch (RuntimeException e) {
      log.debug("telemetry stores not queryable yet: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
