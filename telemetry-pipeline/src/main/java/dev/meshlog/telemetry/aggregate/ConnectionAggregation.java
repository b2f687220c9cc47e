package dev.meshlog.telemetry.aggregate;

import dev.meshlog.avro.ConnectionEvent;
import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * TCP connections (Istio's {@code tcp_connections_opened_total}, {@code _closed_total},
 * {@code tcp_sent_bytes_total}, {@code tcp_received_bytes_total}) per edge and label set, in the same
 * window sizes and grace as requests. Connection records are few next to requests, so the store holds
 * the {@link ConnectionMetric} itself. Output key: {@code <labels>#<windowSizeMs>@<windowStartMs>}.
 */
public final class ConnectionAggregation {

  public static final String SOURCE = "telemetry-connections-source";
  public static final String BY_LABELS = "telemetry-connections-by-labels";

  private ConnectionAggregation() {}

  public static String storeName(Duration window) {
    return "telemetry-connection-windows-" + window.toMillis() + "ms";
  }

  /** The label set, in ConnectionMetric's field order, joined by {@code |}. */
  public static String labelsKey(ConnectionTelemetry c) {
    return Stream.of(c.getReporter(), c.getSourceWorkload(), c.getSourceNamespace(), c.getSourcePrincipal(),
            c.getSourceApp(), c.getSourceVersion(), c.getDestinationService(), c.getDestinationWorkload(),
            c.getDestinationNamespace(), c.getDestinationPrincipal(), c.getDestinationApp(),
            c.getDestinationVersion(), c.getConnectionSecurityPolicy(), c.getResponseFlags())
        .map(s -> s.replace("%", "%25").replace("|", "%7C"))
        .collect(Collectors.joining("|"));
  }

  static void addTo(StreamsBuilder builder, Topics topics, List<Duration> windows, Duration grace) {
    var in = topics.telemetryConnections();
    var out = topics.telemetryTcpMetrics();
    KGroupedStream<String, ConnectionTelemetry> grouped = builder.stream(in.name(),
            Consumed.with(in.keySerde(), in.valueSerde()).withTimestampExtractor(new TelemetryTimeExtractor()).withName(SOURCE))
        .filter((proxy, c) -> c != null, Named.as("telemetry-connections-drop-tombstones"))
        .groupBy((proxy, c) -> labelsKey(c),
            Grouped.<String, ConnectionTelemetry>as(BY_LABELS).withKeySerde(Serdes.String()).withValueSerde(in.valueSerde()));
    for (Duration window : windows) {
      long size = window.toMillis();
      grouped.windowedBy(TimeWindows.ofSizeAndGrace(window, grace))
          .aggregate(() -> null, (key, c, metric) -> add(metric, c),
              Named.as("telemetry-connections-aggregate-" + size + "ms"),
              Materialized.<String, ConnectionMetric, WindowStore<Bytes, byte[]>>as(storeName(window))
                  .withKeySerde(Serdes.String()).withValueSerde(out.valueSerde()))
          .toStream(Named.as("telemetry-connections-updates-" + size + "ms"))
          .map((w, m) -> KeyValue.pair(
                  RequestAggregationTopology.metricKey(w.key(), size, w.window().start()),
                  ConnectionMetric.newBuilder(m).setWindowStart(w.window().startTime())
                      .setWindowEnd(w.window().endTime()).setWindowSizeMs(size).build()),
              Named.as("telemetry-connections-to-metric-" + size + "ms"))
          .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName("telemetry-tcp-metrics-sink-" + size + "ms"));
    }
  }

  /** A new value: the initial one is null (labels come from the first connection record). */
  static ConnectionMetric add(ConnectionMetric metric, ConnectionTelemetry c) {
    ConnectionMetric.Builder b = metric != null ? ConnectionMetric.newBuilder(metric) : ConnectionMetric.newBuilder()
        .setReporter(c.getReporter()).setSourceWorkload(c.getSourceWorkload()).setSourceNamespace(c.getSourceNamespace())
        .setSourcePrincipal(c.getSourcePrincipal()).setSourceApp(c.getSourceApp()).setSourceVersion(c.getSourceVersion())
        .setDestinationService(c.getDestinationService()).setDestinationWorkload(c.getDestinationWorkload())
        .setDestinationNamespace(c.getDestinationNamespace()).setDestinationPrincipal(c.getDestinationPrincipal())
        .setDestinationApp(c.getDestinationApp()).setDestinationVersion(c.getDestinationVersion())
        .setConnectionSecurityPolicy(c.getConnectionSecurityPolicy()).setResponseFlags(c.getResponseFlags())
        .setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH).setWindowSizeMs(0);
    if (c.getEvent() == ConnectionEvent.OPENED) {
      b.setConnectionsOpened(b.getConnectionsOpened() + 1);
    } else {
      b.setConnectionsClosed(b.getConnectionsClosed() + 1)
          .setSentBytes(b.getSentBytes() + c.getBytesSent())
          .setReceivedBytes(b.getReceivedBytes() + c.getBytesReceived());
    }
    return b.build();
  }
}
