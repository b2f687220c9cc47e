package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.cli.bench.AckWatcher;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.telemetry.query.MetricsReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The foundation path end to end on a real broker: {@code meshlog apply} -> sequencer -> snapshot
 * builder -> client sidecar ACK -> weighted routing over real sockets -> telemetry aggregation.
 */
@ExtendWith(KafkaBroker.class)
class EndToEndIT {

  private static MeshUnderTest mesh;
  private static HttpClient http;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshUnderTest();
    http = mesh.httpThroughClient();
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void shouldSplitTrafficByWeightThenShiftItAllWithinTwoSecondsOfApply() throws Exception {
    // Before any policy the client routes reviews over both versions' endpoints.
    await().atMost(Duration.ofSeconds(60)).until(() -> send().statusCode() == 200);

    try (AckWatcher acks = new AckWatcher(mesh.bootstrap, mesh.topics.proxyAcks())) {
      long versionBefore = mesh.client.appliedVersion();
      CliRun canary = mesh.apply("../demo/reviews-90-10.yaml", "canary v2");
      assertEquals(0, canary.exitCode(), canary.toString());
      assertTrue(canary.out().contains("VirtualService/default/reviews accepted"), canary.out());
      ProxyAck canaryAck = awaitAck(acks, versionBefore);
      await().atMost(Duration.ofSeconds(30)).until(() -> mesh.client.appliedVersion() >= canaryAck.getVersion()
          && routesBothVersions());

      Map<String, Integer> split = sendMany(1_000);
      int v1 = split.getOrDefault("reviews v1", 0);
      assertEquals(1_000, v1 + split.getOrDefault("reviews v2", 0), split.toString());
      assertTrue(v1 >= 850 && v1 <= 950, "90/10 split, got " + split);

      long versionCanary = mesh.client.appliedVersion();
      long applyStarted = System.currentTimeMillis();
      CliRun promote = mesh.apply("../demo/reviews-v2.yaml", "promote v2");
      assertEquals(0, promote.exitCode(), promote.toString());
      ProxyAck promoteAck = awaitAck(acks, versionCanary);
      long propagationMs = promoteAck.getTime().toEpochMilli() - applyStarted;
      assertTrue(propagationMs <= 2_000, "ACK within 2 s of apply, took " + propagationMs + " ms");

      Map<String, Integer> after = sendMany(200);
      assertEquals(Map.of("reviews v2", 200), after, "every request after the ACK reaches v2");
    }

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Map<String, Long> byVersion = new HashMap<>();
      for (RequestMetric m : MetricsReader.readLatest(mesh.bootstrap, mesh.topics, Duration.ofMinutes(10), Duration.ofSeconds(10))) {
        if (m.getSourceWorkload().equals("client") && m.getResponseCode() == 200) {
          byVersion.merge(m.getDestinationVersion(), m.getRequestCount(), Long::sum);
        }
      }
      assertTrue(byVersion.getOrDefault("v1", 0L) >= 850, "aggregated v1 count: " + byVersion);
      assertTrue(byVersion.getOrDefault("v2", 0L) >= 250, "aggregated v2 count: " + byVersion);
    });
  }

  /** The client's next answer after {@code version}; it must be an ACK. */
  private static ProxyAck awaitAck(AckWatcher acks, long version) {
    AckWatcher.SeenAck seen = acks.next("client", version, Duration.ofSeconds(30))
        .orElseThrow(() -> new AssertionError("no answer from the client sidecar after version " + version));
    assertEquals(AckStatus.ACK, seen.ack().getStatus(), "answer: " + seen.ack());
    return seen.ack();
  }

  /** True once a sample of requests reaches v1 as well as v2 (the canary route is in force). */
  private static boolean routesBothVersions() throws Exception {
    Map<String, Integer> sample = sendMany(100);
    return sample.containsKey("reviews v1") && sample.containsKey("reviews v2");
  }

  private static Map<String, Integer> sendMany(int n) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> response = send();
      String key = response.statusCode() == 200 ? response.body().trim() : "status " + response.statusCode();
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }

  private static HttpResponse<String> send() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://reviews/")).timeout(Duration.ofSeconds(10)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

}
