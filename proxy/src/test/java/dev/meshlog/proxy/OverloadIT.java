package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.overload.OverloadSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load shedding on a real sidecar in front of a real backend that holds every request until the
 * test lets it go: the held requests fill the bound, so what happens to the next ones is decided by
 * the bound alone, with no timing involved.
 */
@ExtendWith(KafkaBroker.class)
class OverloadIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("overload");

  private static final int BOUND = 2;

  private static Sidecar sidecarWithBound(ScriptedBackend app, Path accessLog) throws Exception {
    String proxyId = KafkaBroker.uniqueName("client");
    Sidecar client = Sidecar.start(new SidecarConfig(proxyId, "productpage", WireSnapshots.NS, Map.of(), "127.0.0.1", 0, 0, 0,
        feed.bootstrap(), feed.topics()),
        SidecarTuning.defaults().withAccessLog(accessLog.toString()).withOverload(new OverloadSettings(BOUND)));
    try {
      feed.publish(proxyId, WireSnapshots.snapshot(proxyId, 1, List.of(weighted("", 100)),
          List.of(clusterConfig("", List.of(endpoint(app.port(), "reviews-a", "v1"))))));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 1);
      return client;
    } catch (Exception | AssertionError e) {
      client.close();
      throw e;
    }
  }

  @Test
  void shouldShedRequestsBeyondTheBoundWith503OverloadedAndRecoverOnceTheLoadIsGone(@TempDir Path dir) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Path accessLog = dir.resolve("access.log");
    ExecutorService threads = Executors.newFixedThreadPool(BOUND);
    List<RawHttpClient> clients = new ArrayList<>();
    // The first BOUND requests are held by the app; any later one is answered at once.
    try (ScriptedBackend app = ScriptedBackend.start(hit -> hit <= BOUND
            ? new ScriptedBackend.Hold(gate, new ScriptedBackend.Reply(200, "held"))
            : new ScriptedBackend.Reply(200, "fresh"));
        Sidecar sidecar = sidecarWithBound(app, accessLog)) {
      List<Future<RawHttpClient.Response>> held = new ArrayList<>();
      for (int i = 0; i < BOUND; i++) {
        RawHttpClient raw = new RawHttpClient(sidecar.outboundPort());
        clients.add(raw);
        held.add(threads.submit(() -> raw.get("reviews", "/held")));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> app.hits() == BOUND);

      // The bound is full while the app holds those two: every further request is shed, on new
      // connections and on a kept-alive one alike.
      List<RawHttpClient.Response> shed = new ArrayList<>();
      try (RawHttpClient keptAlive = new RawHttpClient(sidecar.outboundPort())) {
        for (int i = 0; i < 3; i++) {
          shed.add(keptAlive.get("reviews", "/excess"));
        }
      }
      for (int i = 0; i < 2; i++) {
        try (RawHttpClient fresh = new RawHttpClient(sidecar.outboundPort())) {
          shed.add(fresh.get("reviews", "/excess"));
        }
      }
      for (RawHttpClient.Response response : shed) {
        assertEquals(503, response.status());
        assertEquals("true", response.headers().get("x-meshlog-overloaded"));
        assertEquals("OM", response.headers().get("x-meshlog-response-flags"));
      }
      assertEquals(BOUND, app.hits(), "a shed request never reaches the app");
      assertEquals(5.0, AdminPages.stats(sidecar).get("meshlog_proxy_overload_shed_total"));
      assertEquals((double) BOUND, AdminPages.stats(sidecar).get("meshlog_proxy_overload_active_requests"));

      gate.countDown();
      for (Future<RawHttpClient.Response> response : held) {
        RawHttpClient.Response admitted = response.get(60, TimeUnit.SECONDS);
        assertEquals(200, admitted.status());
        assertEquals("held", admitted.body());
        assertNull(admitted.headers().get("x-meshlog-overloaded"));
      }

      // The load is gone: the slots are free again and nothing more is shed.
      await().atMost(Duration.ofSeconds(60))
          .until(() -> AdminPages.stats(sidecar).get("meshlog_proxy_overload_active_requests") == 0.0);
      try (RawHttpClient after = new RawHttpClient(sidecar.outboundPort())) {
        for (int i = 0; i < 2 * BOUND + 1; i++) {
          RawHttpClient.Response response = after.get("reviews", "/after");
          assertEquals(200, response.status());
          assertEquals("fresh", response.body());
        }
      }
      assertEquals(5.0, AdminPages.stats(sidecar).get("meshlog_proxy_overload_shed_total"));

      // Telemetry's access records carry the flag: five 503 OM, the other requests 200.
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(accessLog)
          && Files.readAllLines(accessLog).size() == 5 + BOUND + 2 * BOUND + 1);
      List<String> lines = Files.readAllLines(accessLog);
      assertEquals(5, lines.stream().filter(line -> line.contains("\" 503 OM ")).count(), String.join("\n", lines));
      assertTrue(lines.stream().filter(line -> line.contains("/excess")).allMatch(line -> line.contains("\" 503 OM ")));
    } finally {
      threads.shutdownNow();
      for (RawHttpClient raw : clients) {
        raw.close();
      }
    }
  }
}
