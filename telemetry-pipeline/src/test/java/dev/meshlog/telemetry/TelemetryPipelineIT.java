package dev.meshlog.telemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.query.MetricsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBroker.class)
class TelemetryPipelineIT {

  @TempDir Path stateDir;

  @Test
  void shouldPublishPerVersionCountsReadableByMetricsReader() {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("telemetry") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    var config = PipelineConfig.defaults(bootstrap, topics, stateDir)
        .withApplicationId(KafkaBroker.uniqueName("meshlog-telemetry-it"));

    try (TelemetryPipeline pipeline = TelemetryPipeline.start(config)) {
      pipeline.awaitRunning(Duration.ofSeconds(60));
      // One event time for all: 30 records must not straddle a window boundary.
      Instant time = Instant.now();
      produce(bootstrap, topics, time, "v1", 20);
      produce(bootstrap, topics, time, "v2", 10);

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .ignoreException(org.apache.kafka.common.errors.TimeoutException.class)
          .untilAsserted(() -> {
        List<RequestMetric> metrics = MetricsReader.readLatest(bootstrap, topics, Duration.ofMinutes(2), Duration.ofSeconds(20));
        Map<String, Long> byVersion = metrics.stream().collect(
            Collectors.groupingBy(RequestMetric::getDestinationVersion, Collectors.summingLong(RequestMetric::getRequestCount)));
        assertEquals(Map.of("v1", 20L, "v2", 10L), byVersion);
        assertEquals(2, metrics.size(), () -> "one window per version: " + metrics);
      });
      assertEquals(true, pipeline.isRunning());
    }
  }

  private static void produce(String bootstrap, Topics topics, Instant time, String version, int count) {
    var spec = topics.telemetryRequests();
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(props, spec.keySerde().serializer(), spec.valueSerde().serializer())) {
      for (int i = 0; i < count; i++) {
        RequestTelemetry t = RequestTelemetry.newBuilder()
            .setTime(time)
            .setReporterProxy("productpage-it")
            .setSourceWorkload("productpage").setSourceNamespace("default")
            .setDestinationService("reviews.default.svc.cluster.local")
            .setDestinationWorkload("reviews-" + version).setDestinationNamespace("default")
            .setDestinationVersion(version)
            .setResponseCode(200).setDurationMicros(1_000 + i).setResponseBytes(10)
            .build();
        producer.send(new ProducerRecord<>(spec.name(), t.getDestinationWorkload(), t));
      }
      producer.flush();
    }
  }
}
