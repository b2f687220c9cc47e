package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.snapshot;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The optional access log shows each request with its response flags, as Envoy's does. */
@ExtendWith(KafkaBroker.class)
class AccessLogIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("accesslog");

  @TempDir
  Path dir;

  @Test
  void shouldLogServedUnroutedAndFailedRequestsWithTheirFlags() throws Exception {
    Path file = dir.resolve("access.log");
    int deadPort;
    try (ServerSocket reserved = new ServerSocket(0)) {
      deadPort = reserved.getLocalPort(); // closed again: connecting to it is refused
    }
    String proxyId = KafkaBroker.uniqueName("client");
    try (BackendApp app = BackendApp.start("a");
        Sidecar client = Sidecar.start(new SidecarConfig(proxyId, "productpage", WireSnapshots.NS, Map.of(), "127.0.0.1",
            0, 0, 0, feed.bootstrap(), feed.topics()), SidecarTuning.defaults().withAccessLog(file.toString()))) {
      feed.publish(proxyId, snapshot(proxyId, 1, List.of(weighted("", 100)),
          List.of(clusterConfig("", List.of(endpoint(app.port(), "reviews-v1", "v1"))))));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 1);
      try (RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
        assertEquals(200, raw.get("reviews", "/ratings?id=1", Map.of("user-agent", "it/1", "x-request-id", "req-1")).status());
        assertEquals(404, raw.get("nowhere.example", "/").status());
      }
      feed.publish(proxyId, snapshot(proxyId, 2, List.of(weighted("", 100)),
          List.of(clusterConfig("", List.of(endpoint(deadPort, "reviews-v1", "v1"))))));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 2);
      try (RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
        assertEquals(503, raw.get("reviews", "/").status());
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file) && Files.readAllLines(file).size() == 3);
      List<String> lines = Files.readAllLines(file);
      assertTrue(lines.get(0).contains("\"GET /ratings?id=1 HTTP/1.1\" 200 - 0 1 "), lines.get(0));
      assertTrue(lines.get(0).contains("\"it/1\" \"req-1\" \"reviews\" \"127.0.0.1:" + app.port() + "\" "
          + WireSnapshots.cluster("") + " " + WireSnapshots.HOST), lines.get(0));
      assertTrue(lines.get(1).contains("\"GET / HTTP/1.1\" 404 NR "), lines.get(1));
      assertTrue(lines.get(1).endsWith("\"-\" - -"), lines.get(1));
      assertTrue(lines.get(2).matches(".*\" 503 UF(,URX)? .*"), lines.get(2));
    }
  }
}
