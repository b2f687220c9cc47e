package dev.meshlog.telemetry.aggregate;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.histogram.DurationHistograms;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The telemetry job. Each request is keyed twice by its full Istio label set ({@link RequestLabels}):
 * once per edge (route empty) and, when it matched a named route, once per route. One shuffle
 * ({@link #BY_LABELS}) puts equal label sets on one task; there, for every window size (10 s and 1 min),
 * a tumbling event-time window counts requests and errors, sums durations and bytes, and builds the
 * duration histogram ({@link Accumulator}). Every update goes to the compacted metrics topic as a
 * {@link RequestMetric} keyed {@code <labels>#<windowSizeMs>@<windowStartMs>}, so the latest per
 * window wins.
 *
 * <p>Updates are emitted as the window fills, so {@code meshlog top} shows the current window; the
 * record cache coalesces them per commit (100 ms). A record later than the grace period is dropped
 * and counted by Streams' {@code dropped-records} task metric: its window was published as final.
 */
public final class RequestAggregationTopology {

  /** Node and store names; they fix the internal topic names, so renaming one is a migration. */
  public static final String SOURCE = "telemetry-requests-source";
  public static final String BY_LABELS = "telemetry-by-labels";
  public static final String SINK = "telemetry-metrics-sink";
  public static final String PRE_AGGREGATE = "telemetry-pre-aggregate";
  /** The input task's buffer of partial aggregates (in memory, not logged: see PartialBufferStore). */
  public static final String PARTIALS_STORE = "telemetry-partials";
  /** Partials one input task holds before it forwards them without waiting for the commit. */
  static final int MAX_PARTIALS = 20_000;
  public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1));

  private RequestAggregationTopology() {}

  /** Store of one window size, e.g. {@code telemetry-windows-10000ms}. */
  public static String storeName(Duration window) {
    return "telemetry-windows-" + window.toMillis() + "ms";
  }

  public static String metricKey(String labelsKey, long windowSizeMs, long windowStartMs) {
    return labelsKey + "#" + windowSizeMs + "@" + windowStartMs;
  }

  public static Topology build(Topics topics, List<Duration> windows, Duration grace) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, topics, windows, grace);
    ConnectionAggregation.addTo(builder, topics, windows, grace);
    return builder.build();
  }

  static void addTo(StreamsBuilder builder, Topics topics, List<Duration> windows, Duration grace) {
    Objects.requireNonNull(topics, "topics");
    var in = topics.telemetryRequests();
    var out = topics.telemetryMetrics();
    long[] sizes = windows.stream().mapToLong(Duration::toMillis).toArray();
    builder.addStateStore(new PartialBufferStoreBuilder(PARTIALS_STORE, sizes));
    KStream<String, Partial> shuffled = builder.stream(in.name(), Consumed.with(in.keySerde(), in.valueSerde())
            .withTimestampExtractor(new TelemetryTimeExtractor())
            .withName(SOURCE))
        .process(() -> new PreAggregator(PARTIALS_STORE, MAX_PARTIALS), Named.as(PRE_AGGREGATE), PARTIALS_STORE)
        .repartition(Repartitioned.<String, Partial>as(BY_LABELS).withKeySerde(Serdes.String()).withValueSerde(Partial.serde()));
    for (Duration window : windows) {
      long size = window.toMillis();
      KStream<Windowed<String>, Accumulator> updates = shuffled
          .filter((labels, partial) -> partial != null && partial.windowSizeMs() == size,
              Named.as("telemetry-partials-" + size + "ms"))
          .groupByKey(Grouped.with(Serdes.String(), Partial.serde()))
          .windowedBy(TimeWindows.ofSizeAndGrace(window, grace))
          .aggregate(Accumulator::new, (labels, partial, acc) -> acc.merge(partial.accumulator()),
              Named.as("telemetry-aggregate-" + size + "ms"),
              Materialized.<String, Accumulator, WindowStore<Bytes, byte[]>>as(storeName(window))
                  .withKeySerde(Serdes.String())
                  .withValueSerde(new AccumulatorSerde()))
          .toStream(Named.as("telemetry-updates-" + size + "ms"));
      updates.map((w, acc) -> KeyValue.pair(metricKey(w.key(), size, w.window().start()), toMetric(w, size, acc)),
              Named.as("telemetry-to-metric-" + size + "ms"))
          .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName(SINK + "-" + size + "ms"));
    }
  }

  /**
   * One histogram per stream thread, reset and refilled per emitted update: a fresh one allocates
   * ~190 KB of counts (and HdrHistogram keeps its encoding buffer per instance), per update.
   */
  private static final ThreadLocal<org.HdrHistogram.Histogram> SCRATCH = ThreadLocal.withInitial(DurationHistograms::create);

  /**
   * Runs once per emitted update (after the cache coalesced), not per request: here the histogram is built.
   * Public for the interactive queries ({@code query.WindowStoreReader}), which must build the same records.
   */
  public static RequestMetric toMetric(Windowed<String> w, long windowSizeMs, Accumulator acc) {
    RequestMetric.Builder b = RequestMetric.newBuilder();
    RequestLabels.parse(w.key()).applyTo(b);
    return b.setWindowStart(w.window().startTime())
        .setWindowEnd(w.window().endTime())
        .setWindowSizeMs(windowSizeMs)
        .setRequestCount(acc.count())
        .setErrorCount(acc.errors())
        .setDurationMicrosSum(acc.durationSum())
        .setRequestBytesSum(acc.requestBytesSum())
        .setResponseBytesSum(acc.responseBytesSum())
        .setDurationHistogram(ByteBuffer.wrap(DurationHistograms.encode(acc.replayInto(SCRATCH.get()))))
        .build();
  }
}
