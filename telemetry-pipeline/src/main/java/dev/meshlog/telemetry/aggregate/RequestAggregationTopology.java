package dev.meshlog.telemetry.aggregate;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The telemetry job: per edge (source workload -> destination service/workload/version) and
 * response code, count requests and sum durations and response bytes in tumbling event-time
 * windows, and publish every update to the compacted metrics topic.
 *
 * <p>Updates are emitted as the window fills, not once at its close, so {@code meshlog top} shows
 * the current window; the record cache coalesces them per commit (100 ms), and compaction keeps
 * the latest per window. A record later than the grace period is dropped (and counted by
 * Streams' dropped-records metric), because its window has been published as closed.
 */
public final class RequestAggregationTopology {

  /** Node and store names; they fix the internal topic names, so renaming one is a migration. */
  public static final String SOURCE = "telemetry-requests-source";
  public static final String DROP_TOMBSTONES = "telemetry-drop-tombstones";
  public static final String BY_EDGE = "telemetry-by-edge";
  public static final String AGGREGATE = "telemetry-edge-aggregate";
  public static final String STORE = "telemetry-edge-windows";
  public static final String TO_STREAM = "telemetry-edge-updates";
  public static final String TO_METRIC = "telemetry-edge-to-metric";
  public static final String SINK = "telemetry-metrics-sink";

  private RequestAggregationTopology() {}

  public static Topology build(Topics topics, Duration window, Duration grace) {
    Objects.requireNonNull(topics, "topics");
    var in = topics.telemetryRequests();
    var out = topics.telemetryMetrics();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(in.name(), Consumed.with(in.keySerde(), in.valueSerde())
            .withTimestampExtractor(new TelemetryTimeExtractor())
            .withName(SOURCE))
        .filter((destination, telemetry) -> telemetry != null, Named.as(DROP_TOMBSTONES))
        .groupBy((destination, telemetry) -> EdgeKey.of(telemetry),
            Grouped.<String, RequestTelemetry>as(BY_EDGE).withKeySerde(Serdes.String()).withValueSerde(in.valueSerde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(window, grace))
        .aggregate(RequestAggregationTopology::empty, (edge, telemetry, metric) -> add(metric, telemetry),
            Named.as(AGGREGATE),
            Materialized.<String, RequestMetric, WindowStore<Bytes, byte[]>>as(STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(out.valueSerde()))
        .toStream(Named.as(TO_STREAM))
        // The store value does not know its window; the windowed key does, so bounds are set here.
        .map((windowed, metric) -> KeyValue.pair(
                EdgeKey.withWindow(windowed.key(), windowed.window().start()),
                RequestMetric.newBuilder(metric)
                    .setWindowStart(windowed.window().startTime())
                    .setWindowEnd(windowed.window().endTime())
                    .build()),
            Named.as(TO_METRIC))
        .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName(SINK));
    return builder.build();
  }

  static RequestMetric empty() {
    return RequestMetric.newBuilder()
        .setSourceWorkload("").setSourceNamespace("").setDestinationService("")
        .setDestinationWorkload("").setDestinationVersion("").setResponseCode(0)
        .setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH)
        .setRequestCount(0).setDurationMicrosSum(0).setResponseBytesSum(0)
        .build();
  }

  /** A new value rather than a mutated one: the cache may still hold the previous instance. */
  static RequestMetric add(RequestMetric metric, RequestTelemetry t) {
    return RequestMetric.newBuilder(metric)
        .setSourceWorkload(t.getSourceWorkload())
        .setSourceNamespace(t.getSourceNamespace())
        .setDestinationService(t.getDestinationService())
        .setDestinationWorkload(t.getDestinationWorkload())
        .setDestinationVersion(t.getDestinationVersion())
        .setResponseCode(t.getResponseCode())
        .setRequestCount(metric.getRequestCount() + 1)
        .setDurationMicrosSum(metric.getDurationMicrosSum() + t.getDurationMicros())
        .setResponseBytesSum(metric.getResponseBytesSum() + t.getResponseBytes())
        .build();
  }
}
