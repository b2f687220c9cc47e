package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.FaultAbort;
import dev.meshlog.avro.FaultDelay;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault injection over real sockets in front of a real backend: aborts answered by the proxy
 * (FI), delays holding requests (DI) outside the route timeout, 0% never firing.
 */
@ExtendWith(KafkaBroker.class)
class FaultInjectionIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("fault");

  /** A client sidecar that applied these reviews rules, all to {@code app}. */
  private static Sidecar clientWith(BackendApp app, RouteRule... rules) throws Exception {
    return feed.clientApplying(proxyId -> WireSnapshots.snapshotWithRules(proxyId, 1,
        List.of(rules), List.of(clusterConfig("v1", List.of(endpoint(app.port(), "reviews-v1", "v1"))))));
  }

  private static RouteRule.Builder toV1(String name) {
    return RouteRule.newBuilder().setName(name).setClusters(List.of(new WeightedCluster(cluster("v1"), 100, null)));
  }

  private static HttpMatchRequest uriPrefix(String prefix) {
    return HttpMatchRequest.newBuilder().setUri(new StringMatch(MatchKind.PREFIX, prefix)).build();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static List<RequestTelemetry> telemetryOf(TopicProbe<RequestTelemetry> probe, Sidecar client, int count) {
    return probe.awaitValues(values -> values.stream().filter(t -> t.getReporterProxy().equals(client.proxyId())).count() >= count)
        .stream().filter(t -> t.getReporterProxy().equals(client.proxyId())).toList();
  }

  @Test
  void shouldAbortEveryRequestLocallyWithTheFaultStatusWithoutReachingTheBackend() throws Exception {
    RouteRule aborted = toV1("aborted").setMatch(List.of(uriPrefix("/broken")))
        .setFault(new HttpFaultSpec(null, new FaultAbort(503, 100.0))).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(v1, aborted, toV1("default").build());
        RawHttpClient raw = new RawHttpClient(client.outboundPort());
        TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      for (int i = 0; i < 5; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/broken/" + i);
        assertEquals(503, response.status());
        assertEquals("FI", response.headers().get("x-meshlog-response-flags"));
        assertEquals("fault filter abort", response.body().trim());
      }
      assertEquals(0, v1.requests(), "an abort never reaches the backend");
      assertEquals("v1", raw.get("reviews", "/fine").body(), "the same client connection still forwards");
      List<RequestTelemetry> seen = telemetryOf(telemetry, client, 6);
      assertEquals(5, seen.stream().filter(t -> t.getResponseCode() == 503 && t.getResponseFlags().equals("FI")).count(),
          seen.toString());
    }
  }

  @Test
  void shouldHoldEveryRequestForTheFixedDelayAndFlagIt() throws Exception {
    RouteRule delayed = toV1("delayed").setFault(new HttpFaultSpec(new FaultDelay(300L, 100.0), null)).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(v1, delayed);
        RawHttpClient raw = new RawHttpClient(client.outboundPort());
        TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      for (int i = 0; i < 2; i++) {
        long start = System.nanoTime();
        RawHttpClient.Response response = raw.get("reviews", "/");
        long elapsed = millisSince(start);
        assertEquals(200, response.status());
        assertEquals("v1", response.body());
        assertTrue(elapsed >= 300, "held at least 300 ms, answered after " + elapsed);
      }
      assertEquals(2, v1.requests());
      List<RequestTelemetry> seen = telemetryOf(telemetry, client, 2);
      assertTrue(seen.stream().allMatch(t -> t.getResponseFlags().equals("DI") && t.getResponseCode() == 200), seen.toString());
    }
  }

  @Test
  void shouldDelayThenAbortWhenBothFire() throws Exception {
    RouteRule both = toV1("both").setFault(new HttpFaultSpec(new FaultDelay(200L, 100.0), new FaultAbort(429, 100.0))).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(v1, both);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      long start = System.nanoTime();
      RawHttpClient.Response response = raw.get("reviews", "/");
      long elapsed = millisSince(start);
      assertEquals(429, response.status());
      assertEquals("DI,FI", response.headers().get("x-meshlog-response-flags"));
      assertTrue(elapsed >= 200, "aborted after the delay, answered after " + elapsed);
      assertEquals(0, v1.requests());
    }
  }

  @Test
  void shouldKeepTheInjectedDelayOutsideTheRouteTimeout() throws Exception {
    RouteRule delayed = toV1("delayed").setTimeoutMs(200L).setFault(new HttpFaultSpec(new FaultDelay(400L, 100.0), null)).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(v1, delayed);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/");
      assertEquals(200, response.status(), "a 400 ms delay does not use up a 200 ms route timeout, as in Envoy");
      assertEquals(504, raw.get("reviews", "/slow").status(), "the timeout still applies to the upstream");
    }
  }

  @Test
  void shouldNeverInjectAt0Percent() throws Exception {
    RouteRule never = toV1("never").setFault(new HttpFaultSpec(new FaultDelay(30_000L, 0.0), new FaultAbort(503, 0.0))).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(v1, never);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 20; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/");
        assertEquals(200, response.status());
        assertEquals("v1", response.body());
      }
      assertEquals(20, v1.requests());
    }
  }
}
