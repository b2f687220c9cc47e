package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.HOST;
import static dev.meshlog.proxy.WireSnapshots.NS;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.kafka.local.KafkaBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP relay over real sockets: connection reuse, local replies, streaming, the inbound side. */
@ExtendWith(KafkaBroker.class)
class RelayIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("relay");

  /** A client sidecar whose reviews route goes straight to {@code endpoints} (no inbound sidecar between). */
  private static Sidecar clientRoutingTo(String proxyId, List<EndpointConfig> endpoints) throws ExecutionException, InterruptedException {
    Sidecar client = Sidecar.start(new SidecarConfig(proxyId, "productpage", NS, Map.of(), "127.0.0.1", 0, 0, 0, feed.bootstrap(), feed.topics()),
        SidecarTuning.defaults().withRandom(() -> new Random(3)));
    ProxySnapshot snapshot = WireSnapshots.snapshot(proxyId, 1, List.of(weighted("", 100)), List.of(clusterConfig("", endpoints)));
    feed.publish(proxyId, snapshot);
    await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 1);
    return client;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldReuseOneUpstreamConnectionForSequentialRequestsOnOneClientConnection() throws Exception {
    try (BackendApp app = BackendApp.start("v1");
        Sidecar client = clientRoutingTo(KafkaBroker.uniqueName("reuse"), List.of(endpoint(app.port(), "reviews-v1", "v1")));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 1_000; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/r/" + i);
        assertEquals(200, response.status());
        assertEquals("v1", response.body());
      }
      assertEquals(1_000, app.requests());
      assertTrue(app.connections() <= 3, "1000 requests opened " + app.connections() + " upstream connections");
    }
  }

  @Test
  void shouldForwardInOriginFormWithHostAndForwardingHeaders() throws Exception {
    try (BackendApp app = BackendApp.start("v1");
        Sidecar client = clientRoutingTo(KafkaBroker.uniqueName("headers"), List.of(endpoint(app.port(), "reviews-v1", "v1")));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      assertEquals(200, raw.get("reviews.default:80", "/x").status());
      assertTrue(app.lastHeaders().contains("host: reviews.default:80"), app.lastHeaders().toString());
      assertTrue(app.lastHeaders().contains("x-forwarded-for: 127.0.0.1"), app.lastHeaders().toString());
      assertTrue(app.lastHeaders().stream().anyMatch(h -> h.startsWith("x-request-id: ")), app.lastHeaders().toString());
    }
  }

  @Test
  void shouldAnswer503UpstreamFailureAfterIstiosDefaultRetriesWhenTheEndpointRefusesConnections() throws Exception {
    try (Sidecar client = clientRoutingTo(KafkaBroker.uniqueName("uf"), List.of(endpoint(closedPort(), "gone", "v1")));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get(HOST, "/");
      assertEquals(503, response.status());
      assertEquals("UF,URX", response.headers().get("x-meshlog-response-flags"));
      assertEquals(404, raw.get("ratings", "/").status(), "the client connection survives a local reply");
    }
  }

  @Test
  void shouldAnswer503NoHealthyUpstreamAndNoRouteLocally() throws Exception {
    try (Sidecar client = clientRoutingTo(KafkaBroker.uniqueName("uh"), List.of());
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response noEndpoints = raw.get("reviews", "/");
      assertEquals(503, noEndpoints.status());
      assertEquals("UH", noEndpoints.headers().get("x-meshlog-response-flags"));
      RawHttpClient.Response noRoute = raw.get("ratings.default.svc.cluster.local", "/");
      assertEquals(404, noRoute.status());
      assertEquals("NR", noRoute.headers().get("x-meshlog-response-flags"));
    }
  }

  @Test
  void shouldStreamLargeBodiesBothWaysThroughBothSidecars() throws Exception {
    try (BackendApp app = BackendApp.start("echo");
        Sidecar server = feed.ready(Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("echo"), "reviews", NS,
            Map.of("version", "v1"), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(), feed.topics())));
        Sidecar client = clientRoutingTo(KafkaBroker.uniqueName("stream"), List.of(endpoint(server.inboundPort(), "reviews-v1", "v1")))) {
      byte[] body = new byte[8 * 1024 * 1024];
      new Random(11).nextBytes(body);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", client.outboundPort()))).build();
      for (int i = 0; i < 3; i++) {
        HttpResponse<byte[]> response = http.send(
            HttpRequest.newBuilder(URI.create("http://" + HOST + "/echo")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
      }
      assertEquals(3, app.requests());
      assertTrue(app.connections() <= 2, "inbound side opened " + app.connections() + " connections to the app");
    }
  }

  @Test
  void shouldReplayABodilessRequestOnceWhenAPooledConnectionClosesBeforeAnswering() throws Exception {
    try (IdleClosingUpstream upstream = new IdleClosingUpstream();
        Sidecar client = clientRoutingTo(KafkaBroker.uniqueName("replay"), List.of(endpoint(upstream.port(), "flaky", "v1")));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 3; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/");
        assertEquals(200, response.status(), "request " + i + ": " + response.headers());
        assertEquals("ok", response.body());
      }
      assertEquals(3, upstream.connections());
    }
  }

  @Test
  void shouldLetRequestsInFlightFinishWhenClosed() throws Exception {
    try (BackendApp app = BackendApp.start("v1")) {
      Sidecar client = clientRoutingTo(KafkaBroker.uniqueName("drain"), List.of(endpoint(app.port(), "reviews-v1", "v1")));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", client.outboundPort()))).build();
      CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
          HttpRequest.newBuilder(URI.create("http://" + HOST + "/slow")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      await().atMost(Duration.ofSeconds(30)).until(() -> app.requests() == 1);
      client.close();
      HttpResponse<String> response = slow.get(30, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      assertEquals("v1", response.body());
    }
  }

  @Test
  void shouldKeepTheConfigThroughAnUndecodableSnapshotAndATombstone() throws Exception {
    // (the undecodable record's dead letter and metric: SnapshotDeadLetterIT)
    String proxyId = KafkaBroker.uniqueName("bad");
    try (BackendApp app = BackendApp.start("v1");
        Sidecar client = clientRoutingTo(proxyId, List.of(endpoint(app.port(), "reviews-v1", "v1")));
        KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, feed.bootstrap()),
            new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(feed.topics().proxySnapshots().name(), proxyId, new byte[] {1, 2, 3})).get();
      raw.send(new ProducerRecord<>(feed.topics().proxySnapshots().name(), proxyId, null)).get();
      try (RawHttpClient http = new RawHttpClient(client.outboundPort())) {
        assertEquals(200, http.get("reviews", "/").status(), "version 1 still serves");
      }
      // Later records are still followed: a newer snapshot after the bad one and the tombstone applies.
      ProxySnapshot v2 = WireSnapshots.snapshot(proxyId, 2, List.of(weighted("", 100)),
          List.of(clusterConfig("", List.of(endpoint(app.port(), "reviews-v1", "v1")))));
      feed.publish(proxyId, v2);
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 2);
      try (RawHttpClient http = new RawHttpClient(client.outboundPort())) {
        assertEquals(200, http.get("reviews", "/").status());
      }
    }
  }

  @Test
  void shouldApplyOnlyTheNewestOfItsSnapshotsWhenStartingAfterThemAndAckJustThat() throws Exception {
    String proxyId = KafkaBroker.uniqueName("restart");
    try (BackendApp app = BackendApp.start("v1");
        TopicProbe<ProxyAck> acks = new TopicProbe<>(feed.bootstrap(), feed.topics().proxyAcks())) {
      List<EndpointConfig> endpoints = List.of(endpoint(app.port(), "reviews-v1", "v1"));
      for (long version = 1; version <= 3; version++) {
        feed.publish(proxyId,
            WireSnapshots.snapshot(proxyId, version, List.of(weighted("", 100)), List.of(clusterConfig("", endpoints))));
      }
      try (Sidecar client = Sidecar.start(new SidecarConfig(proxyId, "productpage", NS, Map.of(), "127.0.0.1", 0, 0, 0, feed.bootstrap(), feed.topics()))) {
        List<ProxyAck> ours = acks.awaitValues(all -> all.stream().anyMatch(a -> a.getProxyId().equals(proxyId)))
            .stream().filter(a -> a.getProxyId().equals(proxyId)).toList();
        assertEquals(3, client.appliedVersion());
        assertEquals(List.of(3L), ours.stream().map(ProxyAck::getVersion).toList(), "one ACK, for the newest version: " + ours);
      }
    }
  }

  @Test
  void shouldAnswer503NoConfigOnTheInboundSideUntilTheFirstSnapshotThenServe() throws Exception {
    try (BackendApp app = BackendApp.start("app");
        Sidecar server = Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("cold"), "reviews", NS, Map.of(),
            "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(), feed.topics()))) {
      // Fail closed: the PeerAuthentication and AuthorizationPolicies are unknown yet, so nothing reaches the app.
      try (RawHttpClient raw = new RawHttpClient(server.inboundPort())) {
        RawHttpClient.Response early = raw.get(HOST, "/reviews/1");
        assertEquals(503, early.status(), early.toString());
        assertEquals("NC", early.headers().get("x-meshlog-response-flags"));
      }
      try (H2TestClient h2 = H2TestClient.h2c(server.inboundPort())) {
        H2TestClient.Response early = h2.send(H2TestClient.get(HOST, "/reviews/1")).get(60, TimeUnit.SECONDS);
        assertEquals(503, early.status(), early.text());
        assertEquals("NC", early.header("x-meshlog-response-flags"));
      }
      assertEquals(0, app.requests(), "the app was reached before the sidecar had a config");
      String stats = AdminPages.get(server, "/stats");
      assertTrue(stats.contains("meshlog_proxy_rbac_allowed_total 0") && stats.contains("meshlog_proxy_rbac_denied_total 0"),
          "neither allowed nor denied: " + stats);

      feed.ready(server);
      try (RawHttpClient raw = new RawHttpClient(server.inboundPort())) {
        RawHttpClient.Response served = raw.get(HOST, "/reviews/1");
        assertEquals(200, served.status(), served.toString());
        assertEquals(1, app.requests());
      }
    }
  }

  @Test
  void shouldAnswer503UpstreamFailureOnTheInboundSideWhenTheAppIsDown() throws Exception {
    try (Sidecar server = feed.ready(Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("down"), "reviews", NS, Map.of(),
            "127.0.0.1", SidecarConfig.ANY_PORT, closedPort(), 0, feed.bootstrap(), feed.topics())));
        RawHttpClient raw = new RawHttpClient(server.inboundPort())) {
      RawHttpClient.Response response = raw.get(HOST, "/");
      assertEquals(503, response.status());
      assertEquals("UF", response.headers().get("x-meshlog-response-flags"));
    }
  }
}
