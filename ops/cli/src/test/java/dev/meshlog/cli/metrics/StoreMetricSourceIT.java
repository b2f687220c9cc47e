package dev.meshlog.cli.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.ConnectionEvent;
import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.PipelineConfig;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw request and connection records through a real pipeline: /metrics and /api/golden served from
 * its window stores (interactive queries) show the known input, and the same as when served from
 * the metrics topics.
 */
@ExtendWith(KafkaBroker.class)
class StoreMetricSourceIT {

  private static final String REVIEWS = "reviews.default.svc.cluster.local";
  @TempDir Path stateDir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldServeTheSameCountersAndGoldenSignalsFromTheStoresAsFromTheTopics() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("iq") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    var config = PipelineConfig.defaults(bootstrap, topics, stateDir).withApplicationId(KafkaBroker.uniqueName("meshlog-telemetry-iq"));

    try (TelemetryPipeline pipeline = TelemetryPipeline.start(config);
         StoreMetricSource stores = StoreMetricSource.start(pipeline, Clock.systemUTC());
         TopicMetricSource topic = TopicMetricSource.start(bootstrap, topics, Clock.systemUTC());
         TelemetryServer fromStores = TelemetryServer.start(stores, 0, Clock.systemUTC());
         TelemetryServer fromTopic = TelemetryServer.start(topic, 0, Clock.systemUTC())) {
      pipeline.awaitRunning(Duration.ofSeconds(90));
      Instant time = Instant.now();
      List<RequestTelemetry> requests = new ArrayList<>();
      // reviews-v1 has a sidecar: both ends report its 20 requests; reviews-v2 has none: only callers report its 10.
      requests.addAll(requests(time, Reporter.SOURCE, "v1", 20, 200));
      requests.addAll(requests(time, Reporter.DESTINATION, "v1", 20, 200));
      requests.addAll(requests(time, Reporter.SOURCE, "v2", 10, 503));
      produce(bootstrap, topics.telemetryRequests(), requests);
      produce(bootstrap, topics.telemetryConnections(), List.of(
          ConnectionTelemetry.newBuilder().setTime(time).setEvent(ConnectionEvent.OPENED).setReporter("source")
              .setReporterProxy("productpage-it").setSourceWorkload("productpage").setSourceNamespace("default")
              .setDestinationService("db.default.svc.cluster.local").build()));

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        String metrics = get(fromStores, "/metrics").body();
        assertEquals(20, sum(metrics, "meshlog_requests_total{reporter=\"destination\""), metrics);
        assertEquals(30, sum(metrics, "meshlog_requests_total{reporter=\"source\""), metrics);
        assertEquals(10, sum(metrics, "meshlog_requests_total{reporter=\"source\"", "response_code=\"503\""), metrics);
        assertEquals(1, sum(metrics, "meshlog_tcp_opened_total{"), metrics);
        JsonNode row = new ObjectMapper().readTree(get(fromStores, "/api/golden?by=service").body()).get("rows").get(0);
        assertEquals(REVIEWS, row.get("service").asText());
        assertEquals(30, row.get("requests").asLong(), "20 from reviews-v1's own reports + 10 from reviews-v2's callers");
        assertEquals(0.667, row.get("successRate").asDouble(), 0.001);
      });
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        assertEquals(get(fromTopic, "/metrics").body(), get(fromStores, "/metrics").body());
        assertEquals(rows(get(fromTopic, "/api/golden?by=service").body()), rows(get(fromStores, "/api/golden?by=service").body()));
        assertEquals(rows(get(fromTopic, "/api/golden?by=route").body()), rows(get(fromStores, "/api/golden?by=route").body()));
      });
    }
  }

  private HttpResponse<String> get(TelemetryServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode rows(String golden) throws Exception {
    return new ObjectMapper().readTree(golden).get("rows");
  }

  private static long sum(String metrics, String linePrefix, String... contains) {
    return metrics.lines().filter(l -> l.startsWith(linePrefix) && List.of(contains).stream().allMatch(l::contains))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static List<RequestTelemetry> requests(Instant time, Reporter reporter, String version, int count, int code) {
    boolean inbound = reporter == Reporter.DESTINATION;
    return IntStream.range(0, count).mapToObj(i -> RequestTelemetry.newBuilder()
        .setTime(time).setReporter(reporter).setReporterProxy(inbound ? "reviews-" + version : "productpage-it")
        .setSourceWorkload(inbound ? "unknown" : "productpage").setSourceNamespace("default")
        .setDestinationService(REVIEWS).setDestinationWorkload("reviews-" + version).setDestinationNamespace("default")
        .setDestinationVersion(version).setRouteName(inbound ? "" : "reviews-route")
        .setResponseCode(code).setDurationMicros(1_000L * (i + 1)).setResponseBytes(10)
        .build()).toList();
  }

  private static <V> void produce(String bootstrap, TopicSpec<String, V> spec, List<V> values) {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(props, spec.keySerde().serializer(), spec.valueSerde().serializer())) {
      values.forEach(v -> producer.send(new ProducerRecord<>(spec.name(), "productpage-it", v)));
      producer.flush();
    }
  }
}
