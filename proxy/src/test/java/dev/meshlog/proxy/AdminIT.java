package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.NS;
import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.admin.ExpositionFormat;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin endpoint of a real sidecar, over real sockets, following a snapshot from the real broker. */
@ExtendWith(KafkaBroker.class)
class AdminIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("admin");

  private static HttpResponse<String> send(int port, String method, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return send(port, "GET", path);
  }

  private static JsonNode json(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(port, path);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
    return JSON.readTree(response.body());
  }

  @Test
  void shouldServeReadinessConfigStatsAndClustersOfTheAppliedSnapshot() throws Exception {
    String proxyId = KafkaBroker.uniqueName("client");
    try (BackendApp v1 = BackendApp.start("v1");
        BackendApp v2 = BackendApp.start("v2");
        Sidecar client = Sidecar.start(new SidecarConfig(proxyId, "productpage", NS, Map.of(), "127.0.0.1", 0, 0, 0,
            feed.bootstrap(), feed.topics()))) {
      int admin = client.adminPort();
      assertTrue(admin > 0, "the admin endpoint is on by default");
      HttpResponse<String> notReady = get(admin, "/ready");
      assertEquals(503, notReady.statusCode());
      assertFalse(notReady.body().contains("LIVE"));

      feed.publish(proxyId, WireSnapshots.snapshot(proxyId, 1,
          List.of(weighted("v1", 50), weighted("v2", 50)),
          List.of(clusterConfig("v1", List.of(endpoint(v1.port(), "reviews-v1", "v1"))),
              clusterConfig("v2", List.of(endpoint(v2.port(), "reviews-v2", "v2"))))));
      await().atMost(Duration.ofSeconds(60)).until(() -> get(admin, "/ready").statusCode() == 200);
      assertEquals("LIVE", get(admin, "/ready").body().trim());

      JsonNode dump = json(admin, "/config_dump");
      assertEquals(1, dump.get("version").asLong());
      assertEquals(client.appliedHash(), dump.get("hash").asText());
      assertEquals(1, dump.get("snapshot").get("version").asLong());
      JsonNode route = dump.get("snapshot").get("routes").get(0);
      assertEquals(WireSnapshots.HOST, route.get("name").asText());
      assertEquals(cluster("v2"), route.get("rules").get(0).get("clusters").get(1).get("cluster").asText());

      try (RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
        for (int i = 0; i < 10; i++) {
          assertEquals(200, raw.get("reviews", "/r/" + i).status());
        }
      }
      assertEquals(10, v1.requests() + v2.requests());

      HttpResponse<String> stats = get(admin, "/stats");
      assertEquals(200, stats.statusCode());
      assertTrue(stats.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
      Map<String, Double> samples = ExpositionFormat.parse(stats.body());
      assertEquals(1.0, samples.get("meshlog_proxy_snapshot_version"), stats.body());
      assertEquals(1.0, samples.get("meshlog_proxy_snapshots_applied_total"));
      assertEquals(0.0, samples.get("meshlog_proxy_snapshots_rejected_total"));
      assertEquals(1.0, samples.get("meshlog_proxy_cluster_endpoints{cluster=\"" + cluster("v1") + "\"}"), stats.body());
      assertTrue(samples.containsKey("meshlog_proxy_upstream_connections"), stats.body());

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        JsonNode clusters = json(admin, "/clusters").get("clusters");
        assertEquals(2, clusters.size());
        for (JsonNode cluster : clusters) {
          JsonNode endpoint = cluster.get("endpoints").get(0);
          assertEquals(0, endpoint.get("activeRequests").asInt(), cluster.toString());
          assertEquals("HEALTHY", endpoint.get("health").asText());
          assertFalse(endpoint.get("ejected").asBoolean());
        }
        assertEquals(cluster("v1"), clusters.get(0).get("name").asText());
        assertEquals("127.0.0.1:" + v1.port(), clusters.get(0).get("endpoints").get(0).get("address").asText());
        assertEquals("reviews-v2", clusters.get(1).get("endpoints").get(0).get("workload").asText());
      });
      assertEquals(0.0, ExpositionFormat.parse(get(admin, "/stats").body())
          .get("meshlog_proxy_cluster_active_requests{cluster=\"" + cluster("v1") + "\"}"));

      assertEquals(404, get(admin, "/quitquitquit").statusCode());
      assertEquals(405, send(admin, "POST", "/stats").statusCode());
    }
  }

  @Test
  void shouldBindNoAdminEndpointWhenDisabledAndReleaseThePortOnClose() throws Exception {
    int admin;
    try (Sidecar disabled = Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("quiet"), "productpage", NS, Map.of(),
        "127.0.0.1", 0, 0, 0, feed.bootstrap(), feed.topics()).withAdminPort(SidecarConfig.ADMIN_DISABLED))) {
      assertEquals(0, disabled.adminPort());
    }
    try (Sidecar enabled = Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("loud"), "productpage", NS, Map.of(),
        "127.0.0.1", 0, 0, 0, feed.bootstrap(), feed.topics()))) {
      admin = enabled.adminPort();
      assertEquals(503, get(admin, "/ready").statusCode());
    }
    // A fresh connection, not the HTTP client's pooled one: the listening socket itself must be gone.
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", admin).close());
  }
}
