package dev.meshlog.telemetry.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestAggregationTopologyTest {

  /** Aligned to a 10 s window, so offsets below are positions inside windows. */
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final String REVIEWS = "reviews.default.svc.cluster.local";

  private final Topics topics = Topics.withPrefix("ttd.");
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, RequestTelemetry> requests;
  private TestOutputTopic<String, RequestMetric> metrics;

  @BeforeEach
  void setUp() {
    Topology topology = RequestAggregationTopology.build(topics, WINDOW, GRACE);
    var config = PipelineConfig.defaults("unused:9092", topics, stateDir);
    driver = new TopologyTestDriver(topology, config.streamsProperties());
    var in = topics.telemetryRequests();
    var out = topics.telemetryMetrics();
    requests = driver.createInputTopic(in.name(), in.keySerde().serializer(), in.valueSerde().serializer());
    metrics = driver.createOutputTopic(out.name(), out.keySerde().deserializer(), out.valueSerde().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void shouldCountPerVersionAndCodeWithinOneWindow() {
    send(1_000, "v1", 200, 1_000);
    send(2_000, "v1", 200, 1_000);
    send(3_000, "v1", 503, 1_000);
    send(4_000, "v2", 200, 1_000);
    send(5_000, "v2", 200, 1_000);
    send(6_000, "v2", 200, 1_000);
    send(7_000, "v2", 404, 1_000);

    Map<String, RequestMetric> latest = metrics.readKeyValuesToMap();

    assertEquals(Map.of(
        key("v1", 200, 0), 2L, key("v1", 503, 0), 1L,
        key("v2", 200, 0), 3L, key("v2", 404, 0), 1L), counts(latest));
    RequestMetric v1ok = latest.get(key("v1", 200, 0));
    assertEquals("productpage", v1ok.getSourceWorkload());
    assertEquals("default", v1ok.getSourceNamespace());
    assertEquals(REVIEWS, v1ok.getDestinationService());
    assertEquals("reviews-v1", v1ok.getDestinationWorkload());
    assertEquals(T0, v1ok.getWindowStart());
    assertEquals(T0.plus(WINDOW), v1ok.getWindowEnd());
  }

  @Test
  void shouldPutRecordsTenSecondsApartInDifferentWindows() {
    send(9_000, "v1", 200, 1_000);
    send(19_000, "v1", 200, 1_000);
    send(19_500, "v1", 200, 1_000);

    Map<String, RequestMetric> latest = metrics.readKeyValuesToMap();

    assertEquals(Map.of(key("v1", 200, 0), 1L, key("v1", 200, 10_000), 2L), counts(latest));
    assertEquals(T0.plusSeconds(10), latest.get(key("v1", 200, 10_000)).getWindowStart());
    assertEquals(T0.plusSeconds(20), latest.get(key("v1", 200, 10_000)).getWindowEnd());
  }

  @Test
  void shouldCountLateRecordWithinGraceAndDropOneAfterGrace() {
    send(1_000, "v1", 200, 1_000);
    send(12_000, "v1", 200, 1_000);   // stream time 12 s: window [0,10) open until 15 s
    send(3_000, "v1", 200, 1_000);    // late but within grace: counted
    send(16_000, "v1", 200, 1_000);   // stream time 16 s: window [0,10) closed
    send(4_000, "v1", 200, 1_000);    // after grace: dropped

    assertEquals(Map.of(key("v1", 200, 0), 2L, key("v1", 200, 10_000), 2L), counts(metrics.readKeyValuesToMap()));
  }

  @Test
  void shouldSumDurationsAndResponseBytes() {
    send(1_000, "v1", 200, 1_500, 100);
    send(2_000, "v1", 200, 2_500, 250);
    send(3_000, "v1", 200, 6_000, 50);

    RequestMetric m = metrics.readKeyValuesToMap().get(key("v1", 200, 0));

    assertEquals(3, m.getRequestCount());
    assertEquals(10_000, m.getDurationMicrosSum());
    assertEquals(400, m.getResponseBytesSum());
  }

  @Test
  void shouldWindowByTelemetryTimeNotRecordTimestamp() {
    requests.pipeInput("reviews-v1", telemetry(1_000, "v1", 200, 1_000, 0), T0.plus(Duration.ofHours(1)));

    assertEquals(Set.of(key("v1", 200, 0)), metrics.readKeyValuesToMap().keySet());
  }

  @Test
  void shouldKeyMetricsByReadableEdgeAndWindowStart() {
    send(1_000, "v1", 200, 1_000);

    String key = metrics.readKeyValue().key;

    assertEquals("productpage.default -> reviews.default.svc.cluster.local|reviews-v1|v1|200@" + T0.toEpochMilli(), key);
  }

  @Test
  void shouldNameStoreRepartitionTopicAndEveryNode() {
    TopologyDescription description = RequestAggregationTopology.build(topics, WINDOW, GRACE).describe();
    Set<String> stores = new TreeSet<>();
    Set<String> sourceTopics = new TreeSet<>();
    List<String> nodes = new ArrayList<>();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        nodes.add(node.name());
        if (node instanceof TopologyDescription.Processor p) {
          stores.addAll(p.stores());
        }
        if (node instanceof TopologyDescription.Source s) {
          sourceTopics.addAll(s.topicSet());
        }
      }
    }

    assertEquals(2, description.subtopologies().size(), description::toString);
    assertEquals(Set.of(RequestAggregationTopology.STORE), stores);
    assertEquals(Set.of(topics.telemetryRequests().name(), "telemetry-by-edge-repartition"), sourceTopics);
    assertTrue(nodes.stream().noneMatch(n -> n.startsWith("KSTREAM-") || n.startsWith("KTABLE-")),
        () -> "unnamed nodes in " + description);
  }

  private void send(long offsetMillis, String version, int code, long durationMicros) {
    send(offsetMillis, version, code, durationMicros, 0);
  }

  private void send(long offsetMillis, String version, int code, long durationMicros, long responseBytes) {
    // The record timestamp is deliberately unrelated: windows must follow the telemetry time.
    requests.pipeInput("reviews-" + version, telemetry(offsetMillis, version, code, durationMicros, responseBytes), T0);
  }

  static RequestTelemetry telemetry(long offsetMillis, String version, int code, long durationMicros, long responseBytes) {
    return RequestTelemetry.newBuilder()
        .setTime(T0.plusMillis(offsetMillis))
        .setReporterProxy("productpage-1")
        .setSourceWorkload("productpage").setSourceNamespace("default")
        .setDestinationService(REVIEWS)
        .setDestinationWorkload("reviews-" + version).setDestinationNamespace("default")
        .setDestinationVersion(version)
        .setResponseCode(code).setDurationMicros(durationMicros).setResponseBytes(responseBytes)
        .build();
  }

  private static String key(String version, int code, long windowOffsetMillis) {
    return "productpage.default -> " + REVIEWS + "|reviews-" + version + "|" + version + "|" + code
        + "@" + (T0.toEpochMilli() + windowOffsetMillis);
  }

  private static Map<String, Long> counts(Map<String, RequestMetric> latest) {
    Map<String, Long> counts = new java.util.HashMap<>();
    latest.forEach((k, v) -> counts.put(k, v.getRequestCount()));
    return counts;
  }
}
