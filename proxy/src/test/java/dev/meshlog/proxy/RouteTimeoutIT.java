package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route timeouts over real sockets against a real slow backend: 504 UT before the response
 * started, a reset after, the client connection kept in the first case, the upstream one never pooled.
 */
@ExtendWith(KafkaBroker.class)
class RouteTimeoutIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("timeout");

  /** A client sidecar that applied (ACKed) one catch-all reviews rule to {@code app} with this timeout. */
  private static Sidecar clientWithTimeout(BackendApp app, Long timeoutMs) throws Exception {
    RouteRule rule = RouteRule.newBuilder().setName("timed").setClusters(List.of(new WeightedCluster(cluster("v1"), 100, null)))
        .setTimeoutMs(timeoutMs).build();
    return feed.clientApplying(proxyId -> WireSnapshots.snapshotWithRules(proxyId, 1,
        List.of(rule), List.of(clusterConfig("v1", List.of(endpoint(app.port(), "reviews-v1", "v1"))))));
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void shouldAnswer504UpstreamTimeoutBeforeTheSlowBackendAndKeepTheClientConnection() throws Exception {
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWithTimeout(v1, 200L);
        RawHttpClient raw = new RawHttpClient(client.outboundPort());
        TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      long start = System.nanoTime();
      RawHttpClient.Response timedOut = raw.get("reviews", "/slow");
      long elapsed = millisSince(start);
      assertEquals(504, timedOut.status());
      assertEquals("UT", timedOut.headers().get("x-meshlog-response-flags"));
      assertEquals("upstream request timeout", timedOut.body().trim());
      assertTrue(elapsed >= 200, "the timeout cannot fire before 200 ms, fired after " + elapsed);

      assertEquals("v1", raw.get("reviews", "/").body(), "the same client connection serves the next request");
      assertEquals(2, v1.connections(), "the timed-out upstream connection was closed, not pooled");
      List<RequestTelemetry> seen = telemetry.awaitValues(values -> values.stream()
          .filter(t -> t.getReporterProxy().equals(client.proxyId())).count() == 2);
      RequestTelemetry first = seen.stream().filter(t -> t.getReporterProxy().equals(client.proxyId())).findFirst().orElseThrow();
      assertEquals(504, first.getResponseCode());
      assertEquals("UT", first.getResponseFlags());
    }
  }

  @Test
  void shouldRelayAResponseThatEndsWithinTheTimeout() throws Exception {
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWithTimeout(v1, 5_000L);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response slow = raw.get("reviews", "/slow");
      assertEquals(200, slow.status());
      assertEquals("v1", slow.body());
      assertEquals("v1", raw.get("reviews", "/").body());
      assertEquals(1, v1.connections(), "a clean exchange returns its connection to the pool");
    }
  }

  @Test
  void shouldTreatAZeroTimeoutAsNone() throws Exception {
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWithTimeout(v1, 0L);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      assertEquals(200, raw.get("reviews", "/slow").status());
    }
  }

  @Test
  void shouldResetTheClientConnectionWhenTheTimeoutFiresAfterTheResponseStarted() throws Exception {
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWithTimeout(v1, 300L);
        RawHttpClient raw = new RawHttpClient(client.outboundPort());
        TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      RawHttpClient.Response cut = raw.get("reviews", "/stall");
      assertEquals(200, cut.status(), "the headers were already relayed");
      assertTrue(cut.body().length() < 10, "the body is cut short: " + cut.body());
      assertThrows(IOException.class, () -> raw.get("reviews", "/"), "the client connection was reset");
      List<RequestTelemetry> seen = telemetry.awaitValues(values -> values.stream()
          .anyMatch(t -> t.getReporterProxy().equals(client.proxyId())));
      RequestTelemetry record = seen.stream().filter(t -> t.getReporterProxy().equals(client.proxyId())).findFirst().orElseThrow();
      assertEquals(200, record.getResponseCode());
      assertEquals("UT", record.getResponseFlags());
    }
  }
}
