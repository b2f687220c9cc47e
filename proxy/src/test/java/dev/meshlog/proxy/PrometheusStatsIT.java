package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.HOST;
import static dev.meshlog.proxy.WireSnapshots.NS;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.admin.ExpositionFormat;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A live sidecar's {@code /stats/prometheus}, checked by Prometheus' own {@code promtool check metrics}. */
@ExtendWith(KafkaBroker.class)
class PrometheusStatsIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("prometheus");

  @Test
  void shouldServeStatsThatPromtoolAccepts() throws Exception {
    Path promtool = promtool();
    String id = KafkaBroker.uniqueName("productpage");
    try (BackendApp app = BackendApp.start("v1");
        Sidecar client = Sidecar.start(new SidecarConfig(id, "productpage", NS, Map.of(), "127.0.0.1", 0, 0, 0,
            feed.bootstrap(), feed.topics()))) {
      feed.publish(id, WireSnapshots.snapshot(id, 1, List.of(weighted("v1", 100)),
          List.of(clusterConfig("v1", List.of(endpoint(app.port(), "reviews-v1", "v1"))))));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 1);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", client.outboundPort()))).build();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> ExpositionFormat.parse(AdminPages.get(client, "/stats/prometheus"))
          .getOrDefault("meshlog_proxy_telemetry_sent_total{stream=\"requests\"}", 0.0) >= 5);
      String page = AdminPages.get(client, "/stats/prometheus");
      assertEquals(AdminPages.get(client, "/stats").lines().filter(l -> l.startsWith("# TYPE")).toList(),
          page.lines().filter(l -> l.startsWith("# TYPE")).toList(), "/stats/prometheus is /stats");
      assertTrue(page.contains("meshlog_proxy_telemetry_dropped_total{stream=\"connections\"} 0"), page);

      Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
      try (OutputStream in = check.getOutputStream()) {
        in.write(page.getBytes(StandardCharsets.UTF_8));
      }
      String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
      assertEquals(0, check.exitValue(), "promtool check metrics rejected /stats/prometheus:\n" + verdict + "\n---\n" + page);
    }
  }

  /** promtool from PATH; the test fails, naming the package, when it is not installed. */
  private static Path promtool() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    fail("promtool is not installed (it checks /stats/prometheus): install the Debian package with "
        + "`apt-get install -y prometheus` and run again");
    throw new IllegalStateException("unreachable");
  }
}
