package dev.meshlog.cli.metrics;

import static dev.meshlog.cli.metrics.MetricFixtures.edge;
import static dev.meshlog.cli.metrics.MetricFixtures.tcp;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Aggregates written to the metrics topics on a real broker show up on /metrics (as cumulative
 * counters that keep growing as windows update and new ones arrive), /api/golden and /api/graph.
 */
@ExtendWith(KafkaBroker.class)
class TelemetryEndpointsIT {

  private static final String REVIEWS_200 = "meshlog_requests_total{reporter=\"destination\",source_workload=\"productpage-v1\"";
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(TelemetryServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long sample(String metrics, String linePrefix, String contains) {
    return metrics.lines().filter(l -> l.startsWith(linePrefix) && l.contains(contains))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void shouldServeAggregatesFromTheMetricsTopicsAsCountersGoldenSignalsAndGraph() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("prom") + ".");
    String bootstrap = KafkaBroker.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    Instant window = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
    // Not idempotent: on this loaded machine a timed-out first batch was once retried forever as
    // OutOfOrderSequence; a duplicate of a latest-value record is harmless here.
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all");

    try (var requests = new KafkaProducer<>(config, new StringSerializer(), topics.telemetryMetrics().valueSerde().serializer());
         var connections = new KafkaProducer<>(config, new StringSerializer(), topics.telemetryTcpMetrics().valueSerde().serializer());
         TopicMetricSource source = TopicMetricSource.start(bootstrap, topics, Clock.systemUTC());
         TelemetryServer server = TelemetryServer.start(source, 0, Clock.systemUTC())) {
      RequestMetric ok = edge(window, 200, 1_000, 2_000, 3_000).build();
      RequestMetric failed = edge(window, 503, 80_000).build();
      ConnectionMetric tcpWindow = tcp(window, 2, 1, 300, 400).build();
      requests.send(new ProducerRecord<>(topics.telemetryMetrics().name(), "edge-200@" + window, ok)).get();
      requests.send(new ProducerRecord<>(topics.telemetryMetrics().name(), "edge-503@" + window, failed)).get();
      connections.send(new ProducerRecord<>(topics.telemetryTcpMetrics().name(), "tcp@" + window, tcpWindow)).get();

      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        HttpResponse<String> metrics = get(server, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals(PrometheusText.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElse(""));
        assertEquals(3, sample(metrics.body(), REVIEWS_200, "response_code=\"200\""), metrics.body());
        assertEquals(1, sample(metrics.body(), REVIEWS_200, "response_code=\"503\""));
        assertEquals(2, sample(metrics.body(), "meshlog_tcp_opened_total{", "destination_service=\"mysql.default.svc.cluster.local\""));
      });

      // The window grows and a new one opens: the counter is their sum, not the latest window alone.
      requests.send(new ProducerRecord<>(topics.telemetryMetrics().name(), "edge-200@" + window,
          edge(window, 200, 1_000, 2_000, 3_000, 4_000).build())).get();
      requests.send(new ProducerRecord<>(topics.telemetryMetrics().name(), "edge-200@" + window.plusSeconds(10),
          edge(window.plusSeconds(10), 200, 1_000, 1_000).build())).get();
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        String metrics = get(server, "/metrics").body();
        assertEquals(6, sample(metrics, REVIEWS_200, "response_code=\"200\""), metrics);
        assertEquals(6, sample(metrics, "meshlog_request_duration_milliseconds_bucket{", "response_code=\"200\",grpc_response_status=\"\",response_flags=\"-\",connection_security_policy=\"mutual_tls\",le=\"+Inf\""));
      });

      JsonNode graph = new ObjectMapper().readTree(get(server, "/api/graph").body());
      JsonNode in = null;
      for (JsonNode e : graph.get("edges")) {
        if (e.get("source").asText().equals("workload:default/productpage-v1")) {
          in = e;
        }
      }
      assertTrue(in != null, graph.toPrettyString());
      assertEquals("service:reviews.default.svc.cluster.local", in.get("target").asText());
      assertEquals(7, in.get("requests").asLong());
      assertEquals(0.143, in.get("errorRate").asDouble(), 0.001);
      assertEquals(80.0, in.get("p99Ms").asDouble(), 0.1);

      JsonNode golden = new ObjectMapper().readTree(get(server, "/api/golden?by=service").body());
      assertEquals("reviews.default.svc.cluster.local", golden.get("rows").get(0).get("service").asText());
      assertEquals(0.857, golden.get("rows").get(0).get("successRate").asDouble(), 0.001);
      HttpResponse<String> bad = get(server, "/api/golden?by=edge");
      assertEquals(400, bad.statusCode());
      assertEquals("by: must be service or route, got 'edge'\n", bad.body());
    }
  }
}
