package dev.meshlog.telemetry.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.PipelineConfig;
import dev.meshlog.telemetry.histogram.DurationHistograms;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
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

  /** Aligned to a minute, so offsets below are positions inside both window sizes. */
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(5);
  static final String REVIEWS = "reviews.default.svc.cluster.local";

  private final Topics topics = Topics.withPrefix("ttd.");
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, RequestTelemetry> requests;
  private TestOutputTopic<String, RequestMetric> metrics;

  @BeforeEach
  void setUp() {
    Topology topology = RequestAggregationTopology.build(topics, PipelineConfig.DEFAULT_WINDOWS, GRACE);
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
  void shouldAggregateEveryRequestInTenSecondAndOneMinuteWindows() {
    send(1_000, t -> t);
    send(12_000, t -> t);
    send(13_000, t -> t);
    send(30_000, t -> t);

    Map<String, RequestMetric> latest = metrics.readKeyValuesToMap();

    String edge = RequestLabels.edgeOf(telemetry(0, t -> t)).key();
    assertEquals(Map.of(
        key(edge, 10_000, 0), 1L, key(edge, 10_000, 10_000), 2L, key(edge, 10_000, 30_000), 1L,
        key(edge, 60_000, 0), 4L), counts(latest));
    RequestMetric minute = latest.get(key(edge, 60_000, 0));
    assertEquals(60_000, minute.getWindowSizeMs());
    assertEquals(T0, minute.getWindowStart());
    assertEquals(T0.plusSeconds(60), minute.getWindowEnd());
    assertEquals(T0.plusSeconds(20), latest.get(key(edge, 10_000, 10_000)).getWindowEnd());
  }

  @Test
  void shouldAggregatePerEdgeAndPerRouteWithEveryIstioLabel() {
    send(1_000, t -> t.setRouteName("reviews-v1-route"));
    send(2_000, t -> t.setRouteName("reviews-canary"));

    Map<String, RequestMetric> latest = metrics.readKeyValuesToMap();

    RequestTelemetry sample = telemetry(0, t -> t.setRouteName("reviews-v1-route"));
    RequestMetric edge = latest.get(key(RequestLabels.edgeOf(sample).key(), 10_000, 0));
    RequestMetric route = latest.get(key(RequestLabels.routeOf(sample).key(), 10_000, 0));
    assertEquals(2, edge.getRequestCount(), "the edge holds both routes");
    assertEquals("", edge.getRouteName());
    assertEquals(1, route.getRequestCount());
    assertEquals("reviews-v1-route", route.getRouteName());
    assertEquals(6, latest.size(), () -> "edge + 2 routes in 2 window sizes: " + latest.keySet());
    assertEquals("source", edge.getReporter());
    assertEquals("spiffe://cluster.local/ns/default/sa/productpage", edge.getSourcePrincipal());
    assertEquals("spiffe://cluster.local/ns/default/sa/reviews", edge.getDestinationPrincipal());
    assertEquals("productpage", edge.getSourceApp());
    assertEquals("v1", edge.getSourceVersion());
    assertEquals("reviews", edge.getDestinationApp());
    assertEquals("default", edge.getDestinationNamespace());
    assertEquals("http", edge.getRequestProtocol());
    assertEquals("-", edge.getResponseFlags());
    assertEquals("mutual_tls", edge.getConnectionSecurityPolicy());
    assertEquals("reviews-v1", edge.getDestinationWorkload());
  }

  @Test
  void shouldKeepDistinctLabelSetsApart() {
    send(1_000, t -> t);
    send(2_000, t -> t.setConnectionSecurityPolicy("none"));
    send(3_000, t -> t.setResponseCode(503).setResponseFlags("UF"));
    send(4_000, t -> t.setReporter(Reporter.DESTINATION));

    List<RequestMetric> tenSecond = metrics.readKeyValuesToMap().values().stream()
        .filter(m -> m.getWindowSizeMs() == 10_000).toList();

    assertEquals(4, tenSecond.size());
    assertTrue(tenSecond.stream().allMatch(m -> m.getRequestCount() == 1));
  }

  @Test
  void shouldCountFiveHundredsAndNonZeroGrpcStatusAsErrors() {
    send(1_000, t -> t.setRequestProtocol("grpc").setGrpcResponseStatus("0"));
    send(2_000, t -> t.setRequestProtocol("grpc").setGrpcResponseStatus("14"));
    send(3_000, t -> t.setResponseCode(503));
    send(4_000, t -> t.setResponseCode(404));

    Map<String, RequestMetric> latest = metrics.readKeyValuesToMap();

    Map<String, Long> errors = new HashMap<>();
    latest.values().stream().filter(m -> m.getWindowSizeMs() == 10_000)
        .forEach(m -> errors.merge(m.getResponseCode() + "/" + m.getGrpcResponseStatus(), m.getErrorCount(), Long::sum));
    assertEquals(Map.of("200/0", 0L, "200/14", 1L, "503/", 1L, "404/", 0L), errors);
  }

  @Test
  void shouldSumDurationsAndBytesAndEncodeTheDurationHistogram() {
    send(1_000, t -> t.setDurationMicros(1_500).setRequestBytes(10).setResponseBytes(100));
    send(2_000, t -> t.setDurationMicros(2_500).setRequestBytes(20).setResponseBytes(250));
    send(3_000, t -> t.setDurationMicros(6_000_000).setRequestBytes(30).setResponseBytes(50));

    RequestMetric m = metrics.readKeyValuesToMap().get(key(RequestLabels.edgeOf(telemetry(0, t -> t)).key(), 10_000, 0));

    assertEquals(3, m.getRequestCount());
    assertEquals(6_004_000, m.getDurationMicrosSum());
    assertEquals(60, m.getRequestBytesSum());
    assertEquals(400, m.getResponseBytesSum());
    Histogram h = DurationHistograms.decode(m.getDurationHistogram());
    assertEquals(3, h.getTotalCount());
    assertEquals(2_500, h.getValueAtPercentile(50), 2_500 * 0.001);
    assertEquals(6_000_000, h.getMaxValue(), 6_000_000 * 0.001);
  }

  @Test
  void shouldCountLateRecordWithinGraceAndDropAndCountOneAfterGrace() {
    send(1_000, t -> t);
    send(12_000, t -> t);   // stream time 12 s: 10 s window [0,10) open until 15 s
    send(3_000, t -> t);    // late but within grace: counted
    send(16_000, t -> t);   // stream time 16 s: [0,10) closed, the minute window still open
    send(4_000, t -> t);    // after grace for the 10 s window: dropped there, counted in the minute

    String edge = RequestLabels.edgeOf(telemetry(0, t -> t)).key();
    Map<String, Long> counts = counts(metrics.readKeyValuesToMap());
    assertEquals(2L, counts.get(key(edge, 10_000, 0)));
    assertEquals(2L, counts.get(key(edge, 10_000, 10_000)));
    assertEquals(5L, counts.get(key(edge, 60_000, 0)));
    assertEquals(1.0, droppedRecords(), "the late record is counted as dropped");
  }

  @Test
  void shouldCountABacklogSkewedRecordWithinTheDefaultGraceAndDropOneBeyondIt() {
    driver.close();
    Topology topology = RequestAggregationTopology.build(topics, PipelineConfig.DEFAULT_WINDOWS, PipelineConfig.DEFAULT_GRACE);
    driver = new TopologyTestDriver(topology, PipelineConfig.defaults("unused:9092", topics, stateDir).streamsProperties());
    var in = topics.telemetryRequests();
    var out = topics.telemetryMetrics();
    requests = driver.createInputTopic(in.name(), in.keySerde().serializer(), in.valueSerde().serializer());
    metrics = driver.createOutputTopic(out.name(), out.keySerde().deserializer(), out.valueSerde().deserializer());

    send(1_000, t -> t);
    send(250_000, t -> t);  // another partition ran 4 min ahead: stream time 250 s
    send(2_000, t -> t);    // the lagging partition's request: [0,10) closes at 10 s + 5 min: counted
    send(400_000, t -> t);  // stream time 400 s: [0,10) and [0,60) closed
    send(3_000, t -> t);    // beyond grace in both window sizes: dropped twice (one per size), counted

    String edge = RequestLabels.edgeOf(telemetry(0, t -> t)).key();
    Map<String, Long> counts = counts(metrics.readKeyValuesToMap());
    assertEquals(2L, counts.get(key(edge, 10_000, 0)));
    assertEquals(2L, counts.get(key(edge, 60_000, 0)));
    assertEquals(2.0, droppedRecords(), "the request beyond grace is dropped in each window size");
  }

  @Test
  void shouldWindowByTelemetryTimeNotRecordTimestamp() {
    requests.pipeInput("productpage-1", telemetry(1_000, t -> t), T0.plus(Duration.ofHours(1)));

    String edge = RequestLabels.edgeOf(telemetry(0, t -> t)).key();
    assertEquals(Set.of(key(edge, 10_000, 0), key(edge, 60_000, 0)), metrics.readKeyValuesToMap().keySet());
  }

  @Test
  void shouldKeyMetricsByReadableLabelsWindowSizeAndStart() {
    send(1_000, t -> t);

    String key = metrics.readKeyValue().key;

    assertEquals("source|productpage|default|spiffe://cluster.local/ns/default/sa/productpage|productpage|v1|"
        + REVIEWS + "|reviews-v1|default|v1|spiffe://cluster.local/ns/default/sa/reviews|reviews|http|200|-|"
        + "mutual_tls||#10000@" + T0.toEpochMilli(), key);
  }

  @Test
  void shouldNameStoresRepartitionTopicsAndEveryNode() {
    TopologyDescription description = RequestAggregationTopology.build(topics, PipelineConfig.DEFAULT_WINDOWS, GRACE).describe();
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

    assertEquals(Set.of(RequestAggregationTopology.PARTIALS_STORE, "telemetry-windows-10000ms", "telemetry-windows-60000ms",
        "telemetry-connection-windows-10000ms", "telemetry-connection-windows-60000ms"), stores);
    assertEquals(Set.of(topics.telemetryRequests().name(), "telemetry-by-labels-repartition",
        topics.telemetryConnections().name(), "telemetry-connections-by-labels-repartition"), sourceTopics);
    assertTrue(nodes.stream().noneMatch(n -> n.startsWith("KSTREAM-") || n.startsWith("KTABLE-")),
        () -> "unnamed nodes in " + description);
  }

  @Test
  void shouldBuildTheSameLabelKeyOnThePreAggregationFastPath() {
    StringBuilder scratch = new StringBuilder();
    RequestTelemetry t = telemetry(0, b -> b.setRouteName("r|1%").setSourcePrincipal("p|q").setGrpcResponseStatus("14"));
    assertEquals(RequestLabels.edgeOf(t).key(), RequestLabels.keyOf(t, "", scratch));
    assertEquals(RequestLabels.routeOf(t).key(), RequestLabels.keyOf(t, t.getRouteName(), scratch));
    assertEquals(RequestLabels.routeOf(t), RequestLabels.parse(RequestLabels.keyOf(t, t.getRouteName(), scratch)));
    assertEquals(RequestLabels.routeOf(t).key(), RequestLabels.withRoute(RequestLabels.keyOf(t, "", scratch), t.getRouteName()));
  }

  private double droppedRecords() {
    double dropped = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
      if (e.getKey().name().equals("dropped-records-total") && e.getKey().group().equals("stream-task-metrics")) {
        dropped += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return dropped;
  }

  private void send(long offsetMillis, UnaryOperator<RequestTelemetry.Builder> edit) {
    // The record timestamp is deliberately unrelated: windows must follow the telemetry time.
    requests.pipeInput("productpage-1", telemetry(offsetMillis, edit), T0);
  }

  static RequestTelemetry telemetry(long offsetMillis, UnaryOperator<RequestTelemetry.Builder> edit) {
    return edit.apply(RequestTelemetry.newBuilder()
        .setTime(T0.plusMillis(offsetMillis))
        .setReporter(Reporter.SOURCE)
        .setReporterProxy("productpage-1")
        .setSourceWorkload("productpage").setSourceNamespace("default")
        .setSourcePrincipal("spiffe://cluster.local/ns/default/sa/productpage")
        .setSourceApp("productpage").setSourceVersion("v1")
        .setDestinationService(REVIEWS).setDestinationServiceName("reviews").setDestinationServiceNamespace("default")
        .setDestinationWorkload("reviews-v1").setDestinationNamespace("default").setDestinationVersion("v1")
        .setDestinationPrincipal("spiffe://cluster.local/ns/default/sa/reviews").setDestinationApp("reviews")
        .setConnectionSecurityPolicy("mutual_tls")
        .setResponseCode(200).setDurationMicros(1_000))
        .build();
  }

  static String key(String labels, long size, long windowOffsetMillis) {
    return RequestAggregationTopology.metricKey(labels, size, T0.toEpochMilli() + windowOffsetMillis);
  }

  private static Map<String, Long> counts(Map<String, RequestMetric> latest) {
    Map<String, Long> counts = new HashMap<>();
    latest.forEach((k, v) -> counts.put(k, v.getRequestCount()));
    return counts;
  }
}
