package dev.meshlog.cli.tap;

import static dev.meshlog.cli.tap.TapFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.SchemaCatalog;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code meshlog tap} on a real broker, run in-process in its own thread: it shows the matching
 * requests written after it started, none from before, and ends by itself after --max.
 */
@ExtendWith(KafkaBroker.class)
class TapCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    SchemaCatalog.trustGenerated();
  }

  @Test
  void shouldPrintOnlyMatchingRequestsWrittenAfterItStartedAndStopAtMax() throws Exception {
    String prefix = KafkaBroker.uniqueName("tap") + ".";
    Topics topics = Topics.withPrefix(prefix);
    String bootstrap = KafkaBroker.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 2, (short) 1);
    TopicSpec<String, RequestTelemetry> requests = topics.telemetryRequests();
    try (var producer = producer(bootstrap, requests)) {
      send(producer, requests, request("productpage-v1", "reviews-v1", "reviews", "before-tap", 200));

      RunningTap tap = RunningTap.start("tap", "deploy/productpage-v1", "--authority", "reviews:9080", "--max", "2",
          "--bootstrap", bootstrap, "--topic-prefix", prefix);
      send(producer, requests, request("ratings-v1", "details-v1", "details", "other-workload", 200));
      send(producer, requests, request("productpage-v1", "ratings-v1", "ratings", "other-authority", 200));
      send(producer, requests, request("productpage-v1", "reviews-v2", "reviews", "first", 200));
      send(producer, requests, request("productpage-v1", "reviews-v1", "reviews", "second", 503).setResponseFlags("UF"));
      send(producer, requests, request("productpage-v1", "reviews-v1", "reviews", "third", 200));

      assertEquals(0, tap.awaitExit(), tap.err().toString());
      List<String> req = tap.out().toString().lines().filter(l -> l.startsWith("req ")).toList();
      assertEquals(2, req.size(), tap.out().toString());
      assertTrue(req.get(0).contains("dst=default/reviews-v2") && req.get(0).contains("route=first"), req.get(0));
      assertTrue(req.get(1).contains("route=second"), req.get(1));
      assertTrue(tap.out().toString().contains(":status=503 latency=1234µs"), tap.out().toString());
      assertTrue(tap.out().toString().contains("response-flags=UF"), tap.out().toString());
      for (String absent : new String[] {"before-tap", "other-workload", "other-authority", "third"}) {
        assertFalse(tap.out().toString().contains(absent), absent + " printed:\n" + tap.out());
      }
    }
  }

  @Test
  void shouldFilterByNamespaceAndRouteAndPrintJson() throws Exception {
    String prefix = KafkaBroker.uniqueName("tap-json") + ".";
    Topics topics = Topics.withPrefix(prefix);
    String bootstrap = KafkaBroker.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    TopicSpec<String, RequestTelemetry> requests = topics.telemetryRequests();
    try (var producer = producer(bootstrap, requests)) {
      RunningTap tap = RunningTap.start("tap", "reviews-v2", "-n", "default", "--route", "reviews-v2", "-o", "json", "--max", "1",
          "--bootstrap", bootstrap, "--topic-prefix", prefix);
      send(producer, requests, request("productpage-v1", "reviews-v2", "reviews", "reviews-v2", 200).setDestinationNamespace("other"));
      send(producer, requests, request("productpage-v1", "reviews-v2", "reviews", "reviews-v1", 200));
      send(producer, requests, request("productpage-v1", "reviews-v2", "reviews", "reviews-v2", 201));

      assertEquals(0, tap.awaitExit(), tap.err().toString());
      List<JsonNode> lines = new ArrayList<>();
      for (String line : tap.out().toString().split("\n")) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }
      assertEquals(1, lines.size(), tap.out().toString());
      assertEquals(201, lines.get(0).get("status").asInt());
      assertEquals("0:2", lines.get(0).get("id").asText());
      assertEquals("default", lines.get(0).get("destination").get("namespace").asText());
    }
  }

  private static KafkaProducer<String, RequestTelemetry> producer(String bootstrap, TopicSpec<String, RequestTelemetry> topic) {
    return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), topic.valueSerde().serializer());
  }

  /** Sent and acknowledged in order, all under one key: one partition, so the tap reads them in send order. */
  private static void send(KafkaProducer<String, RequestTelemetry> producer, TopicSpec<String, RequestTelemetry> topic,
      RequestTelemetry.Builder record) throws Exception {
    producer.send(new ProducerRecord<>(topic.name(), "productpage-v1", record.build())).get(60, TimeUnit.SECONDS);
  }
}
