package dev.meshlog.telemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ConnectionEvent;
import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.query.MetricMerge;
import dev.meshlog.telemetry.query.MetricsReader;
import dev.meshlog.telemetry.query.TopTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBroker.class)
class TelemetryPipelineIT {

  @TempDir Path stateDir;

  @Test
  void shouldPublishWindowedLabelledAggregatesWithHistogramsReadableByMetricsReaderAndTop() {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("telemetry") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    var config = PipelineConfig.defaults(bootstrap, topics, stateDir)
        .withApplicationId(KafkaBroker.uniqueName("meshlog-telemetry-it"));

    try (TelemetryPipeline pipeline = TelemetryPipeline.start(config)) {
      pipeline.awaitRunning(Duration.ofSeconds(60));
      // One event time for all: the records must not straddle a window boundary.
      Instant time = Instant.now();
      produce(bootstrap, topics.telemetryRequests(), requests(time, "v1", 20, 200));
      produce(bootstrap, topics.telemetryRequests(), requests(time, "v2", 10, 503));
      produce(bootstrap, topics.telemetryConnections(), List.of(
          connection(time, ConnectionEvent.OPENED, 0), connection(time, ConnectionEvent.CLOSED, 4_096)));

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
          .ignoreException(org.apache.kafka.common.errors.TimeoutException.class)
          .untilAsserted(() -> {
        List<RequestMetric> metrics = MetricsReader.readLatest(bootstrap, topics, Duration.ofMinutes(2), Duration.ofSeconds(20));
        Map<String, List<RequestMetric>> edgesBySize = metrics.stream().filter(m -> m.getRouteName().isEmpty())
            .collect(Collectors.groupingBy(m -> m.getWindowSizeMs() + "/" + m.getDestinationVersion()));
        assertEquals(Map.of("10000/v1", 20L, "10000/v2", 10L, "60000/v1", 20L, "60000/v2", 10L), counts(edgesBySize));
        MetricMerge v1 = MetricMerge.of(edgesBySize.get("10000/v1"));
        assertEquals(19_000, v1.percentileMicros(100), 19_000 * 0.01, "slowest of 1..19 ms");
        assertEquals(10, MetricMerge.of(edgesBySize.get("60000/v2")).errorCount());
        assertEquals(30, metrics.stream().filter(m -> m.getRouteName().equals("reviews-route") && m.getWindowSizeMs() == 10_000)
            .mapToLong(RequestMetric::getRequestCount).sum(), "per-route aggregate");
        String top = TopTable.render(metrics);
        assertTrue(top.contains("P99_MS") && top.contains("reviews-v2"), top);
      });
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Map<Long, ConnectionMetric> tcp = readTcp(bootstrap, topics.telemetryTcpMetrics());
        assertEquals(1, tcp.get(10_000L).getConnectionsOpened());
        assertEquals(1, tcp.get(60_000L).getConnectionsClosed());
        assertEquals(4_096, tcp.get(60_000L).getSentBytes());
      });
      assertEquals(true, pipeline.isRunning());
    }
  }

  private static Map<String, Long> counts(Map<String, List<RequestMetric>> groups) {
    Map<String, Long> counts = new HashMap<>();
    groups.forEach((k, v) -> counts.put(k, MetricMerge.of(v).count()));
    return counts;
  }

  private static List<RequestTelemetry> requests(Instant time, String version, int count, int code) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> RequestTelemetry.newBuilder()
        .setTime(time).setReporter(Reporter.SOURCE).setReporterProxy("productpage-it")
        .setSourceWorkload("productpage").setSourceNamespace("default")
        .setDestinationService("reviews.default.svc.cluster.local")
        .setDestinationWorkload("reviews-" + version).setDestinationNamespace("default")
        .setDestinationVersion(version).setRouteName("reviews-route")
        .setResponseCode(code).setDurationMicros(1_000L * Math.min(i + 1, 19)).setResponseBytes(10)
        .build()).toList();
  }

  private static ConnectionTelemetry connection(Instant time, ConnectionEvent event, long sent) {
    return ConnectionTelemetry.newBuilder().setTime(time).setEvent(event).setReporter("source")
        .setReporterProxy("productpage-it").setSourceWorkload("productpage").setSourceNamespace("default")
        .setDestinationService("db.default.svc.cluster.local").setBytesSent(sent).build();
  }

  private static <V> void produce(String bootstrap, TopicSpec<String, V> spec, List<V> values) {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(props, spec.keySerde().serializer(), spec.valueSerde().serializer())) {
      values.forEach(v -> producer.send(new ProducerRecord<>(spec.name(), "productpage-it", v)));
      producer.flush();
    }
  }

  /** Latest TCP aggregate per window size, read_committed from the start. */
  private static Map<Long, ConnectionMetric> readTcp(String bootstrap, TopicSpec<String, ConnectionMetric> spec) {
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var consumer = new KafkaConsumer<>(props, spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
      TopicPartition p = new TopicPartition(spec.name(), 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      long end = consumer.endOffsets(List.of(p)).get(p);
      Map<Long, ConnectionMetric> latest = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (consumer.position(p) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.value().getWindowSizeMs(), r.value()));
      }
      return latest;
    }
  }
}
