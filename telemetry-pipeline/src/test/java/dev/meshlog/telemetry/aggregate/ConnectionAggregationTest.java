package dev.meshlog.telemetry.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.ConnectionEvent;
import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionAggregationTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final Topics topics = Topics.withPrefix("ttd.");
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, ConnectionTelemetry> connections;
  private TestOutputTopic<String, ConnectionMetric> tcpMetrics;

  @BeforeEach
  void setUp() {
    var topology = RequestAggregationTopology.build(topics, PipelineConfig.DEFAULT_WINDOWS, Duration.ofSeconds(5));
    driver = new TopologyTestDriver(topology, PipelineConfig.defaults("unused:9092", topics, stateDir).streamsProperties());
    var in = topics.telemetryConnections();
    var out = topics.telemetryTcpMetrics();
    connections = driver.createInputTopic(in.name(), in.keySerde().serializer(), in.valueSerde().serializer());
    tcpMetrics = driver.createOutputTopic(out.name(), out.keySerde().deserializer(), out.valueSerde().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void shouldCountOpenedAndClosedConnectionsAndSumBytesPerEdgeAndWindow() {
    send(connection(1_000, ConnectionEvent.OPENED, "db-v1", 0, 0));
    send(connection(2_000, ConnectionEvent.OPENED, "db-v1", 0, 0));
    send(connection(5_000, ConnectionEvent.CLOSED, "db-v1", 100, 2_000));
    send(connection(3_000, ConnectionEvent.OPENED, "db-v2", 0, 0));
    send(connection(15_000, ConnectionEvent.CLOSED, "db-v1", 50, 500));

    Map<String, ConnectionMetric> latest = tcpMetrics.readKeyValuesToMap();

    String v1 = ConnectionAggregation.labelsKey(connection(0, ConnectionEvent.OPENED, "db-v1", 0, 0));
    ConnectionMetric first = latest.get(RequestAggregationTopology.metricKey(v1, 10_000, T0.toEpochMilli()));
    assertEquals(2, first.getConnectionsOpened());
    assertEquals(1, first.getConnectionsClosed());
    assertEquals(100, first.getSentBytes());
    assertEquals(2_000, first.getReceivedBytes());
    assertEquals(T0, first.getWindowStart());
    assertEquals(T0.plusSeconds(10), first.getWindowEnd());
    ConnectionMetric minute = latest.get(RequestAggregationTopology.metricKey(v1, 60_000, T0.toEpochMilli()));
    assertEquals(60_000, minute.getWindowSizeMs());
    assertEquals(2, minute.getConnectionsClosed());
    assertEquals(150, minute.getSentBytes());
    assertEquals("db-v1", minute.getDestinationWorkload());
    assertEquals("mutual_tls", minute.getConnectionSecurityPolicy());
    assertEquals("spiffe://cluster.local/ns/default/sa/app", minute.getSourcePrincipal());
    assertEquals(5, latest.size(), () -> "db-v1: 2 ten-second windows + 1 minute, db-v2: 1 + 1: " + latest.keySet());
  }

  private void send(ConnectionTelemetry c) {
    connections.pipeInput(c.getReporterProxy(), c, T0);
  }

  private static ConnectionTelemetry connection(long offsetMillis, ConnectionEvent event, String workload, long sent, long received) {
    return ConnectionTelemetry.newBuilder()
        .setTime(T0.plusMillis(offsetMillis)).setEvent(event).setReporter("source").setReporterProxy("app-1")
        .setSourceWorkload("app").setSourceNamespace("default")
        .setSourcePrincipal("spiffe://cluster.local/ns/default/sa/app")
        .setDestinationService("db.default.svc.cluster.local").setDestinationWorkload(workload)
        .setConnectionSecurityPolicy("mutual_tls")
        .setBytesSent(sent).setBytesReceived(received)
        .build();
  }
}
