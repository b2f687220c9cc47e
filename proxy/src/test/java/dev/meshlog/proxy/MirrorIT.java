package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.HOST;
import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.kafka.local.KafkaBroker;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Istio's mirror over real sockets: a copy of each request, body included, reaches the mirror with
 * {@code -shadow} on its host, and the client gets the real backend's answer whatever the mirror
 * does (answers, hangs, or is down).
 */
@ExtendWith(KafkaBroker.class)
class MirrorIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("mirror");

  /** A client whose reviews route goes to {@code live} and mirrors {@code percent} of requests to {@code mirrorPort}. */
  private static Sidecar clientMirroring(BackendApp live, int mirrorPort, Double percent) throws Exception {
    RouteRule rule = RouteRule.newBuilder().setName("mirrored").setClusters(List.of(weighted("", 100)))
        .setMirrorCluster(cluster("shadow")).setMirrorPercentage(percent).build();
    List<ClusterConfig> clusters = List.of(
        clusterConfig("", List.of(endpoint(live.port(), "reviews-v1", "v1"))),
        clusterConfig("shadow", List.<EndpointConfig>of(endpoint(mirrorPort, "reviews-v2", "v2"))));
    return feed.clientApplying(id -> WireSnapshots.snapshotWithRules(id, 1, List.of(rule), clusters));
  }

  private static HttpResponse<String> post(Sidecar client, String body) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", client.outboundPort()))).build();
    return http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + "/orders")).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldSendTheMirrorACopyWithItsBodyAndAShadowHost() throws Exception {
    try (BackendApp live = BackendApp.start("live"); BackendApp mirror = BackendApp.start("mirror");
        Sidecar client = clientMirroring(live, mirror.port(), null)) {
      HttpResponse<String> response = post(client, "order 42");
      assertEquals(200, response.statusCode());
      assertEquals("live", response.body(), "the client gets the real backend's answer");
      await().atMost(Duration.ofSeconds(30)).until(() -> mirror.requests() == 1);
      assertEquals("order 42", mirror.lastBody());
      assertEquals("/orders", mirror.lastUri());
      assertTrue(mirror.lastHeaders().contains("host: " + HOST + "-shadow"), "mirror saw " + mirror.lastHeaders());
      assertEquals("order 42", live.lastBody());
      assertEquals(1, live.requests());
    }
  }

  @Test
  void shouldServeTheClientWhenTheMirrorNeverAnswersOrIsDown() throws Exception {
    int downPort;
    try (ServerSocket reserved = new ServerSocket(0)) {
      downPort = reserved.getLocalPort();
    }
    // Accepts connections (the kernel does, from the backlog) but never reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        BackendApp live = BackendApp.start("live")) {
      for (int port : List.of(silent.getLocalPort(), downPort)) {
        try (Sidecar client = clientMirroring(live, port, 100.0)) {
          for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = post(client, "order " + i);
            assertEquals(200, response.statusCode(), "mirror on port " + port);
            assertEquals("live", response.body());
          }
        }
      }
      assertEquals(10, live.requests());
    }
  }

  @Test
  void shouldMirrorOnlyTheShareItIsGiven() throws Exception {
    try (BackendApp live = BackendApp.start("live"); BackendApp mirror = BackendApp.start("mirror");
        Sidecar client = clientMirroring(live, mirror.port(), 25.0);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 200; i++) {
        assertEquals("live", raw.get("reviews", "/").body());
      }
      // 25% of 200 is 50; the bounds leave more than 4 standard deviations (6.1) either side.
      await().atMost(Duration.ofSeconds(30)).until(() -> mirror.requests() >= 25);
      assertTrue(mirror.requests() <= 75, "mirrored " + mirror.requests() + " of 200 at 25%");
      assertEquals(200, live.requests());
    }
  }
}
