package dev.meshlog.telemetry.query;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.aggregate.Accumulator;
import dev.meshlog.telemetry.aggregate.ConnectionAggregation;
import dev.meshlog.telemetry.aggregate.RequestAggregationTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Interactive queries over the pipeline's window stores: every window of this instance's partitions
 * (the stores of other instances are not asked; see docs/telemetry-api.md). Request windows become
 * {@link RequestMetric}s through the topology's own {@link RequestAggregationTopology#toMetric}, so a
 * store answer equals what the output topic carries. Building a record encodes a histogram, so the
 * last record per window is kept and reused while the window's count and duration sum did not move.
 *
 * <p>The stores read through Streams' record cache, so an answer can include updates not committed
 * yet (under exactly-once, a task that fails before its commit is rolled back and re-processed: the
 * counts reappear, they are not lost). The stores hold a window until stream time passes its end plus
 * the grace period (their retention), no longer.
 */
public final class WindowStoreReader {

  private record Built(long count, long durationSum, RequestMetric metric) {}

  private final KafkaStreams streams;
  private final List<Duration> windows;
  private final Map<String, Built> built = new HashMap<>();

  public WindowStoreReader(KafkaStreams streams, List<Duration> windows) {
    this.streams = streams;
    this.windows = List.copyOf(windows);
  }

  /**
   * Windows ending after {@code from}, of every size.
   *
   * @throws InvalidStateStoreException when a store cannot be queried right now (rebalance, restore)
   */
  public synchronized StoreWindows read(Instant from) {
    Map<String, RequestMetric> requests = new HashMap<>();
    Map<String, Built> kept = new HashMap<>();
    for (Duration window : windows) {
      long size = window.toMillis();
      ReadOnlyWindowStore<String, Accumulator> store = store(RequestAggregationTopology.storeName(window));
      try (KeyValueIterator<Windowed<String>, Accumulator> it = store.all()) {
        while (it.hasNext()) {
          var kv = it.next();
          if (!kv.key.window().endTime().isAfter(from)) {
            continue;
          }
          String id = RequestAggregationTopology.metricKey(kv.key.key(), size, kv.key.window().start());
          Built old = built.get(id);
          Accumulator acc = kv.value;
          Built now = old != null && old.count() == acc.count() && old.durationSum() == acc.durationSum() ? old
              : new Built(acc.count(), acc.durationSum(), RequestAggregationTopology.toMetric(kv.key, size, acc));
          kept.put(id, now);
          requests.put(id, now.metric());
        }
      }
    }
    built.clear();
    built.putAll(kept);
    Map<String, ConnectionMetric> connections = new HashMap<>();
    for (Duration window : windows) {
      ReadOnlyWindowStore<String, ConnectionMetric> store = store(ConnectionAggregation.storeName(window));
      try (KeyValueIterator<Windowed<String>, ConnectionMetric> it = store.all()) {
        while (it.hasNext()) {
          var kv = it.next();
          if (kv.value != null && kv.key.window().endTime().isAfter(from)) {
            // The store value leaves the window fields empty; the topology sets them the same way on output.
            connections.put(RequestAggregationTopology.metricKey(kv.key.key(), window.toMillis(), kv.key.window().start()),
                ConnectionMetric.newBuilder(kv.value).setWindowStart(kv.key.window().startTime())
                .setWindowEnd(kv.key.window().endTime()).setWindowSizeMs(window.toMillis()).build());
          }
        }
      }
    }
    return new StoreWindows(requests, connections);
  }

  private <V> ReadOnlyWindowStore<String, V> store(String name) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>windowStore()));
  }
}
