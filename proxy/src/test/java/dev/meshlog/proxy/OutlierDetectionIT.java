package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.kafka.local.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outlier detection over real sockets: a backend answering 500 is ejected after its consecutive
 * errors, the balancer sends everything to the healthy one, and the ejection ends after its time.
 * The failing backends answer 500, which Istio's default retry policy does not retry, so the
 * backend hit counts here hold once retries are added.
 */
@ExtendWith(KafkaBroker.class)
class OutlierDetectionIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("outlier");

  private static final String CLUSTER = cluster("");

  private static ProxySnapshot snapshot(String proxyId, long version, List<Integer> ports, OutlierDetectionSpec outlier) {
    List<EndpointConfig> endpoints = ports.stream().map(port -> endpoint(port, "reviews-" + port, "v1")).toList();
    ClusterConfig reviews = ClusterConfig.newBuilder(clusterConfig("", endpoints)).setOutlierDetection(outlier).build();
    return WireSnapshots.snapshot(proxyId, version, List.of(weighted("", 100)), List.of(reviews));
  }

  private static Sidecar clientWith(List<Integer> ports, OutlierDetectionSpec outlier) throws Exception {
    return feed.clientApplying(proxyId -> snapshot(proxyId, 1, ports, outlier));
  }

  private static OutlierDetectionSpec ejectAfter(int errors, long baseEjectionMs, Integer maxEjectionPercent) {
    return OutlierDetectionSpec.newBuilder().setConsecutive5xxErrors(errors).setIntervalMs(100L)
        .setBaseEjectionTimeMs(baseEjectionMs).setMaxEjectionPercent(maxEjectionPercent).build();
  }

  /** Sends requests until {@code bad} has answered {@code times}; round robin alternates, so it takes about twice that. */
  private static void failUntil(RawHttpClient raw, StatusApp bad, int times) throws Exception {
    for (int i = 0; i < 10 * times && bad.requests() < times; i++) {
      raw.get("reviews", "/");
    }
    assertEquals(times, bad.requests());
  }

  @Test
  void shouldEjectTheFailingEndpointAndSendEverythingToTheHealthyOne() throws Exception {
    try (BackendApp good = BackendApp.start("good"); StatusApp bad = StatusApp.start("bad", 500);
        Sidecar client = clientWith(List.of(good.port(), bad.port()), ejectAfter(3, 30_000, null));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      failUntil(raw, bad, 3);

      JsonNode ejected = AdminPages.endpoint(client, CLUSTER, bad.port());
      assertTrue(ejected.get("ejected").asBoolean(), ejected.toString());
      assertEquals("FAILED_OUTLIER_CHECK", ejected.get("health").asText());
      assertEquals(1, ejected.get("ejections").asInt());
      assertTrue(Instant.parse(ejected.get("ejectedUntil").asText()).isAfter(Instant.now().plusSeconds(20)), ejected.toString());
      assertFalse(AdminPages.endpoint(client, CLUSTER, good.port()).get("ejected").asBoolean());
      for (int i = 0; i < 20; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/");
        assertEquals(200, response.status());
        assertEquals("good", response.body());
      }
      assertEquals(3, bad.requests(), "no request reached the ejected endpoint");
      assertEquals(1.0, AdminPages.stat(client, "outlier_detection_ejections_total", CLUSTER));
      assertEquals(1.0, AdminPages.stat(client, "outlier_detection_ejections_active", CLUSTER));
    }
  }

  @Test
  void shouldReturnAnEjectedEndpointAfterTheBaseEjectionTime() throws Exception {
    try (BackendApp good = BackendApp.start("good"); StatusApp bad = StatusApp.start("bad", 500);
        Sidecar client = clientWith(List.of(good.port(), bad.port()), ejectAfter(3, 300, null));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      failUntil(raw, bad, 3);
      assertEquals(1, AdminPages.endpoint(client, CLUSTER, bad.port()).get("ejections").asInt());

      await().atMost(Duration.ofSeconds(60))
          .until(() -> !AdminPages.endpoint(client, CLUSTER, bad.port()).get("ejected").asBoolean());
      assertEquals("HEALTHY", AdminPages.endpoint(client, CLUSTER, bad.port()).get("health").asText());
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        raw.get("reviews", "/");
        return bad.requests() > 3;
      });
      assertEquals(0.0, AdminPages.stat(client, "outlier_detection_ejections_active", CLUSTER));
    }
  }

  @Test
  void shouldKeepOneEndpointWhenMaxEjectionPercentIsReached() throws Exception {
    try (StatusApp first = StatusApp.start("first", 500); StatusApp second = StatusApp.start("second", 500);
        Sidecar client = clientWith(List.of(first.port(), second.port()), ejectAfter(2, 30_000, null));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 12; i++) {
        assertEquals(500, raw.get("reviews", "/").status(), "a failing endpoint still answers: one is always kept");
      }
      boolean firstEjected = AdminPages.endpoint(client, CLUSTER, first.port()).get("ejected").asBoolean();
      boolean secondEjected = AdminPages.endpoint(client, CLUSTER, second.port()).get("ejected").asBoolean();
      assertTrue(firstEjected ^ secondEjected, "exactly one of the two is ejected under the default 10%");
      assertTrue(AdminPages.stat(client, "outlier_detection_ejections_overflow_total", CLUSTER) >= 1.0);
      assertEquals(1.0, AdminPages.stat(client, "outlier_detection_ejections_active", CLUSTER));
    }
  }

  @Test
  void shouldAnswer503NoHealthyUpstreamWhenEveryEndpointIsEjected() throws Exception {
    try (StatusApp first = StatusApp.start("first", 500); StatusApp second = StatusApp.start("second", 500);
        Sidecar client = clientWith(List.of(first.port(), second.port()), ejectAfter(2, 30_000, 100));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/");
      for (int i = 0; i < 10 && response.status() == 500; i++) {
        response = raw.get("reviews", "/");
      }
      assertEquals(503, response.status());
      assertEquals("UH", response.headers().get("x-meshlog-response-flags"));
      assertEquals(2, first.requests());
      assertEquals(2, second.requests());
      assertEquals(2.0, AdminPages.stat(client, "outlier_detection_ejections_active", CLUSTER));
    }
  }

  @Test
  void shouldKeepAnEjectionAcrossASnapshotSwap() throws Exception {
    try (BackendApp good = BackendApp.start("good"); BackendApp added = BackendApp.start("added");
        StatusApp bad = StatusApp.start("bad", 500);
        Sidecar client = clientWith(List.of(good.port(), bad.port()), ejectAfter(3, 30_000, 50));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      failUntil(raw, bad, 3);
      assertTrue(AdminPages.endpoint(client, CLUSTER, bad.port()).get("ejected").asBoolean());

      feed.publish(client.proxyId(), snapshot(client.proxyId(), 2, List.of(good.port(), bad.port(), added.port()),
          ejectAfter(3, 30_000, 50)));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 2);

      JsonNode stillEjected = AdminPages.endpoint(client, CLUSTER, bad.port());
      assertTrue(stillEjected.get("ejected").asBoolean(), stillEjected.toString());
      assertEquals(1, stillEjected.get("ejections").asInt());
      for (int i = 0; i < 20; i++) {
        assertEquals(200, raw.get("reviews", "/").status());
      }
      assertEquals(3, bad.requests(), "the swap did not bring the ejected endpoint back");
      assertTrue(added.requests() > 0, "the new endpoint takes traffic");
    }
  }
}
