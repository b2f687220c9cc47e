package dev.meshlog.cli.metrics;

import static dev.meshlog.cli.metrics.MetricFixtures.NOW;
import static dev.meshlog.cli.metrics.MetricFixtures.edge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.query.StoreWindows;
import dev.meshlog.telemetry.query.StoresUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StoreMetricSourceTest {

  private final AtomicReference<StoreWindows> stores = new AtomicReference<>();

  private StoreMetricSource source(Instant now) {
    return new StoreMetricSource(from -> {
      StoreWindows w = stores.get();
      if (w == null) {
        throw new StoresUnavailableException("telemetry stores not queryable (pipeline REBALANCING)", null);
      }
      return w;
    }, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static StoreWindows holding(RequestMetric... metrics) {
    Map<String, RequestMetric> byKey = new java.util.HashMap<>();
    for (RequestMetric m : metrics) {
      byKey.put(m.getDestinationWorkload() + "@" + m.getWindowStart(), m);
    }
    return new StoreWindows(byKey, Map.of());
  }

  @Test
  void shouldSayUnavailableUntilTheStoresFirstAnswer() {
    MetricsUnavailableException e = assertThrows(MetricsUnavailableException.class, () -> source(NOW).recent());
    assertTrue(e.getMessage().contains("REBALANCING"), e.getMessage());
  }

  @Test
  void shouldServeTheLastAnswerWhileTheStoresAreUnavailable() {
    StoreMetricSource source = source(NOW);
    stores.set(holding(edge(NOW.minusSeconds(10), 200, 1_000, 2_000).build()));
    assertEquals(1, source.recent().requests().size());
    stores.set(null);
    assertEquals(2, source.recent().requests().get(0).getRequestCount());
  }

  @Test
  void shouldServeTheLastAnswerWhileThePipelineIsStopped() {
    AtomicReference<Boolean> stopped = new AtomicReference<>(false);
    StoreWindows held = holding(edge(NOW.minusSeconds(10), 200, 1_000, 2_000).build());
    StoreMetricSource source = new StoreMetricSource(from -> {
      if (stopped.get()) {
        throw new IllegalStateException("KafkaStreams is not running. State is NOT_RUNNING.");
      }
      return held;
    }, Clock.fixed(NOW, ZoneOffset.UTC));
    assertEquals(2, source.recent().requests().get(0).getRequestCount());
    stopped.set(true);
    assertEquals(2, source.recent().requests().get(0).getRequestCount());
  }

  @Test
  void shouldSayUnavailableWithTheStateWhenThePipelineIsStoppedBeforeAnyAnswer() {
    StoreMetricSource source = new StoreMetricSource(from -> {
      throw new IllegalStateException("KafkaStreams is not running. State is ERROR.");
    }, Clock.fixed(NOW, ZoneOffset.UTC));
    MetricsUnavailableException e = assertThrows(MetricsUnavailableException.class, source::recent);
    assertTrue(e.getMessage().contains("ERROR"), e.getMessage());
  }

  @Test
  void shouldRememberWindowsTheStoresLetGoUntilTheHorizon() {
    StoreMetricSource source = source(NOW);
    RequestMetric old = edge(NOW.minusSeconds(40), 200, 1_000, 2_000, 3_000).build();
    RequestMetric ancient = edge(NOW.minus(StoreMetricSource.HORIZON).minusSeconds(20), 200, 1_000).build();
    stores.set(holding(old, ancient));
    source.recent();
    RequestMetric open = edge(NOW.minusSeconds(5), 200, 1_000).build();
    stores.set(holding(open));
    var windows = source.recent().requests();
    assertEquals(2, windows.size(), "the open window and the one past its grace; not the one past the horizon");
    assertEquals(4, windows.stream().mapToLong(RequestMetric::getRequestCount).sum());
  }
}
