package dev.meshlog.cli.tap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.cli.demo.DemoBackend;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.schemas.SchemaCatalog;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code meshlog tap --path --method} on live traffic: a real engine routes a client sidecar to a
 * reviews sidecar in front of a real app; requests that miss the path or the method go first, the
 * matching ones after, and the tap, stopping at its --max, shows exactly the matching ones, from
 * both sidecars (the reviews side naming its caller, told by the client's x-meshlog-peer).
 */
@ExtendWith(KafkaBroker.class)
class TapLiveIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    SchemaCatalog.trustGenerated();
  }

  @Test
  void shouldShowOnlyTheLiveRequestsMatchingPathPrefixAndMethod() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("tap-live") + ".";
    Topics topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    var state = Files.createTempDirectory("meshlog-tap-live");
    try (PolicyEngine engine = PolicyEngine.start(EngineConfig.defaults(bootstrap, topics, state)
            .withApplicationIdPrefix(prefix + "engine"));
        DemoBackend app = DemoBackend.start("reviews", "v1");
        Sidecar reviews = Sidecar.start(new SidecarConfig("reviews-v1", "reviews", "default",
            Map.of("app", "reviews", "version", "v1"), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, bootstrap, topics));
        Sidecar client = Sidecar.start(new SidecarConfig("client", "client", "default", Map.of("app", "client", "version", "v7"),
            "127.0.0.1", 0, 0, 0, bootstrap, topics))) {
      engine.awaitRunning(Duration.ofSeconds(120));
      HttpClient http = HttpClient.newBuilder()
          .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", client.outboundPort())))
          .connectTimeout(Duration.ofSeconds(5)).build();
      await().atMost(Duration.ofSeconds(90)).until(() -> send(http, "GET", "/warm-up", "warm-up").statusCode() == 200);

      RunningTap tap = RunningTap.start("tap", "deploy/reviews-v1", "--path", "/reviews/ok/", "--method", "post",
          "--max", "4", "-o", "json", "--bootstrap", bootstrap, "--topic-prefix", prefix);
      assertEquals(200, send(http, "GET", "/reviews/ok/1", "wrong-method").statusCode());
      assertEquals(200, send(http, "POST", "/ratings/ok/1", "wrong-path").statusCode());
      assertEquals(200, send(http, "POST", "/reviews/okay", "not-under-prefix").statusCode());
      assertEquals(200, send(http, "POST", "/reviews/ok/2?token=secret", "match-1").statusCode());
      assertEquals(200, send(http, "POST", "/reviews/ok/3", "match-2").statusCode());

      assertEquals(0, tap.awaitExit(), tap.err().toString());
      List<JsonNode> shown = new ArrayList<>();
      for (String line : tap.out().toString().split("\n")) {
        if (!line.isBlank()) {
          shown.add(JSON.readTree(line));
        }
      }
      assertEquals(4, shown.size(), tap.out().toString());
      Set<String> seen = new HashSet<>();
      for (JsonNode request : shown) {
        assertEquals("POST", request.get("method").asText(), request.toString());
        assertTrue(request.get("path").asText().startsWith("/reviews/ok/"), request.toString());
        assertTrue(request.get("requestId").asText().startsWith("match-"), request.toString());
        // Both sidecars know the caller: the reviews side from the client sidecar's x-meshlog-peer.
        assertEquals("client", request.get("source").get("workload").asText(), request.toString());
        assertEquals("v7", request.get("source").get("version").asText(), request.toString());
        seen.add(request.get("requestId").asText() + " " + request.get("proxyDirection").asText());
      }
      assertEquals(Set.of("match-1 out", "match-1 in", "match-2 out", "match-2 in"), seen, tap.out().toString());
      assertTrue(shown.stream().anyMatch(r -> r.get("path").asText().equals("/reviews/ok/2")), "query string dropped");
    }
  }

  private static HttpResponse<String> send(HttpClient http, String method, String path, String requestId) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://reviews" + path)).timeout(Duration.ofSeconds(10))
        .header("x-request-id", requestId).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
