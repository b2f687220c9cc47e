package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.ScriptedBackend.Hold;
import dev.meshlog.proxy.ScriptedBackend.Reply;
import dev.meshlog.proxy.admin.ExpositionFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries over real sockets against real scripted backends, with Istio's semantics: the default
 * policy on a rule without retries, previous_hosts, per-try timeouts, the kept request body, URX
 * once retries run out, and the cluster's retry budget.
 */
@ExtendWith(KafkaBroker.class)
class RetryIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("retry");

  private static final String CLUSTER = cluster("v1");

  /** A client sidecar that applied one catch-all reviews rule with {@code retries} (null: Istio's default). */
  private static Sidecar client(HttpRetrySpec retries, ClusterConfig cluster) throws Exception {
    RouteRule rule = RouteRule.newBuilder().setName("retried").setClusters(List.of(new WeightedCluster(CLUSTER, 100, null)))
        .setRetries(retries).build();
    return feed.clientApplying(proxyId -> WireSnapshots.snapshotWithRules(proxyId, 1, List.of(rule), List.of(cluster)));
  }

  private static ClusterConfig to(int... ports) {
    List<EndpointConfig> endpoints = new ArrayList<>();
    for (int i = 0; i < ports.length; i++) {
      endpoints.add(endpoint(ports[i], "reviews-" + i, "v1"));
    }
    return clusterConfig("v1", endpoints);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static HttpClient through(Sidecar sidecar) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", sidecar.outboundPort())))
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static HttpResponse<String> post(Sidecar sidecar, HttpRequest.BodyPublisher body) throws Exception {
    return through(sidecar).send(HttpRequest.newBuilder(URI.create("http://reviews/echo")).timeout(Duration.ofSeconds(60))
        .POST(body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Double> stats(Sidecar sidecar) throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + sidecar.adminPort() + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
    return ExpositionFormat.parse(page.body());
  }

  private static double stat(Sidecar sidecar, String family) throws Exception {
    return stats(sidecar).getOrDefault("meshlog_proxy_" + family + "{cluster=\"" + CLUSTER + "\"}", 0.0);
  }

  /** The flags of this sidecar's first telemetry record. */
  private static String flagsReportedBy(Sidecar client) {
    try (TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      return telemetry.awaitValues(values -> values.stream().anyMatch(t -> t.getReporterProxy().equals(client.proxyId())))
          .stream().filter(t -> t.getReporterProxy().equals(client.proxyId())).findFirst().orElseThrow().getResponseFlags();
    }
  }

  @Test
  void shouldRetryA503OnceWithIstiosDefaultAndRelayTheSecondAnswer() throws Exception {
    try (ScriptedBackend app = ScriptedBackend.start(hit -> hit == 1 ? new Reply(503, "busy") : new Reply(200, "ok"));
        Sidecar client = client(null, to(app.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/");
      assertEquals(200, response.status());
      assertEquals("ok", response.body());
      assertEquals(2, app.hits());
      assertEquals("-", flagsReportedBy(client));
      assertEquals(1.0, stat(client, "upstream_rq_retry_total"));
      assertEquals(0.0, stat(client, "cluster_active_requests"), "each attempt counted in once and out once");
      assertEquals(0.0, stat(client, "upstream_rq_retry_active"));
    }
  }

  @Test
  void shouldReachTheOtherEndpointWhenOneRefusesConnections() throws Exception {
    try (BackendApp app = BackendApp.start("up");
        Sidecar client = client(null, to(closedPort(), app.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 6; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/");
        assertEquals(200, response.status(), "request " + i);
        assertEquals("up", response.body());
      }
      assertEquals(6, app.requests());
      assertTrue(stat(client, "upstream_rq_retry_total") >= 1.0, "round robin sent some first attempts to the closed port");
      assertEquals(0.0, stat(client, "cluster_active_requests"));
    }
  }

  @Test
  void shouldFlagUfAndUrxWhenNoAttemptCanConnect() throws Exception {
    try (Sidecar client = client(null, to(closedPort(), closedPort()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/");
      assertEquals(503, response.status());
      assertEquals("UF,URX", response.headers().get("x-meshlog-response-flags"));
      assertEquals(2.0, stat(client, "upstream_rq_retry_total"));
      assertEquals(1.0, stat(client, "upstream_rq_retry_limit_exceeded_total"));
    }
  }

  @Test
  void shouldRetryAHangingEndpointOnTheOtherAfterThePerTryTimeout() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (ScriptedBackend hanging = ScriptedBackend.start(hit -> new Hold(never, new Reply(200, "late")));
        BackendApp app = BackendApp.start("fast");
        Sidecar client = client(new HttpRetrySpec(2, 1_000L, List.of("gateway-error")), to(hanging.port(), app.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 4; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/");
        assertEquals(200, response.status(), "request " + i);
        assertEquals("fast", response.body());
      }
      assertTrue(hanging.hits() >= 1, "round robin sent some first attempts to the hanging endpoint");
      assertEquals(4, app.requests());
    } finally {
      never.countDown();
    }
  }

  @Test
  void shouldAnswer504UtWithUrxWhenEveryTryTimesOut() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (ScriptedBackend hanging = ScriptedBackend.start(hit -> new Hold(never, new Reply(200, "late")));
        Sidecar client = client(new HttpRetrySpec(1, 200L, List.of("reset")), to(hanging.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/");
      assertEquals(504, response.status());
      assertEquals("UT,URX", response.headers().get("x-meshlog-response-flags"));
      await().atMost(Duration.ofSeconds(60)).until(() -> hanging.hits() == 2);
    } finally {
      never.countDown();
    }
  }

  @Test
  void shouldNotRetryOnceResponseHeadersWentDownstream() throws Exception {
    try (BackendApp app = BackendApp.start("v1");
        Sidecar client = client(new HttpRetrySpec(2, 300L, List.of("5xx", "reset")), to(app.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      // Headers and two bytes at once, the rest 700 ms later: past the per-try timeout, which Envoy
      // ignores once the response started, so the one attempt runs to its end.
      RawHttpClient.Response stalled = raw.get("reviews", "/stall");
      assertEquals(200, stalled.status());
      assertEquals("stalled!!!", stalled.body());
      assertEquals(1, app.requests());
    }
  }

  @Test
  void shouldRelayTheLast503WithUrxOnceRetriesRunOut() throws Exception {
    try (ScriptedBackend app = ScriptedBackend.always(503, "busy");
        Sidecar client = client(null, to(app.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/");
      assertEquals(503, response.status());
      assertEquals("busy", response.body(), "the upstream's own answer, not a local one");
      assertEquals(3, app.hits(), "the first attempt and Istio's two retries");
      assertEquals("URX", flagsReportedBy(client));
      assertEquals(404, raw.get("ratings", "/").status(), "the client connection survives the relayed 503");
    }
  }

  @Test
  void shouldResendAPostBodyIntactOnTheRetry() throws Exception {
    String body = "x".repeat(10_000) + "end";
    try (ScriptedBackend app = ScriptedBackend.start(hit -> hit % 2 == 1 ? new Reply(503, "busy") : new Reply(200, ""));
        Sidecar client = client(null, to(app.port()))) {
      HttpResponse<String> sized = post(client, HttpRequest.BodyPublishers.ofString(body));
      assertEquals(200, sized.statusCode());
      assertEquals(body, sized.body());
      assertEquals(List.of(body, body), app.bodies());

      // Without a length the body goes chunked, and the retry sends every chunk and the last one again.
      HttpResponse<String> chunked = post(client, HttpRequest.BodyPublishers.ofInputStream(
          () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
      assertEquals(200, chunked.statusCode());
      assertEquals(body, chunked.body());
      assertEquals(List.of(body, body, body, body), app.bodies());
    }
  }

  @Test
  void shouldNotRetryABodyLargerThanTheBuffer() throws Exception {
    String body = "y".repeat(100 * 1024);
    try (ScriptedBackend app = ScriptedBackend.start(hit -> hit == 1 ? new Reply(503, "busy") : new Reply(200, ""));
        Sidecar client = client(null, to(app.port()))) {
      HttpResponse<String> response = post(client, HttpRequest.BodyPublishers.ofString(body));
      assertEquals(503, response.statusCode());
      assertEquals("busy", response.body());
      assertEquals(1, app.hits());
      assertEquals(List.of(body), app.bodies(), "the large body was streamed to the one attempt whole");
    }
  }

  @Test
  void shouldNotRetryA500WhenRetryOnLacks5xx() throws Exception {
    try (ScriptedBackend app = ScriptedBackend.always(500, "broken");
        Sidecar client = client(new HttpRetrySpec(3, null, List.of("connect-failure", "gateway-error", "retriable-4xx")),
            to(app.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      assertEquals(500, raw.get("reviews", "/").status());
      assertEquals(1, app.hits());
      assertEquals("-", flagsReportedBy(client), "nothing was retried, so no retry limit was exceeded");
    }
  }

  @Test
  void shouldRetryA500As5xxUpToTheAttempts() throws Exception {
    try (ScriptedBackend app = ScriptedBackend.always(500, "broken");
        Sidecar client = client(new HttpRetrySpec(3, null, List.of("5xx")), to(app.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      assertEquals(500, raw.get("reviews", "/").status());
      assertEquals(4, app.hits());
    }
  }

  @Test
  void shouldNotRetryWithZeroAttempts() throws Exception {
    try (ScriptedBackend app = ScriptedBackend.always(503, "busy");
        Sidecar client = client(new HttpRetrySpec(0, null, List.of()), to(app.port()));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      assertEquals(503, raw.get("reviews", "/").status());
      assertEquals(1, app.hits());
      assertEquals("-", flagsReportedBy(client));
    }
  }

  @Test
  void shouldKeepConcurrentRetriesWithinTheClustersBudget() throws Exception {
    int requests = 20;
    CountDownLatch firstAttempts = new CountDownLatch(1);
    CountDownLatch retries = new CountDownLatch(1);
    try (ScriptedBackend app = ScriptedBackend.start(hit -> new Hold(hit <= requests ? firstAttempts : retries,
            new Reply(503, "busy")));
        Sidecar client = client(new HttpRetrySpec(2, null, List.of("5xx")), to(app.port()))) {
      List<CompletableFuture<HttpResponse<String>>> sent = sendConcurrently(client, requests);
      await().atMost(Duration.ofSeconds(60)).until(() -> app.hits() == requests);
      firstAttempts.countDown();
      // Each request now either got its 503 back (no retry slot) or holds a slot on a held retry.
      await().atMost(Duration.ofSeconds(60)).until(() -> done(sent) + (app.hits() - requests) == requests);
      int heldRetries = app.hits() - requests;
      assertTrue(heldRetries >= 1 && heldRetries <= 4, "max(3, 20% of 20 active) = 4 concurrent retries, got " + heldRetries);
      assertEquals(requests - heldRetries, stat(client, "upstream_rq_retry_overflow_total"));
      retries.countDown();
      for (CompletableFuture<HttpResponse<String>> response : sent) {
        assertEquals(503, response.get(60, TimeUnit.SECONDS).statusCode());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> stat(client, "upstream_rq_retry_active") == 0.0);
    } finally {
      firstAttempts.countDown();
      retries.countDown();
    }
  }

  @Test
  void shouldCapConcurrentRetriesAtTheClustersMaxRetries() throws Exception {
    int requests = 6;
    CountDownLatch firstAttempts = new CountDownLatch(1);
    CountDownLatch retries = new CountDownLatch(1);
    try (ScriptedBackend app = ScriptedBackend.start(hit -> new Hold(hit <= requests ? firstAttempts : retries,
            new Reply(503, "busy")));
        Sidecar client = client(null, ClusterConfig.newBuilder(to(app.port()))
            .setConnectionPool(ConnectionPoolSpec.newBuilder().setMaxRetries(1).build()).build())) {
      List<CompletableFuture<HttpResponse<String>>> sent = sendConcurrently(client, requests);
      await().atMost(Duration.ofSeconds(60)).until(() -> app.hits() == requests);
      firstAttempts.countDown();
      await().atMost(Duration.ofSeconds(60)).until(() -> done(sent) + (app.hits() - requests) == requests);
      assertEquals(1, app.hits() - requests, "maxRetries 1 lets one retry run at a time");
      retries.countDown();
      for (CompletableFuture<HttpResponse<String>> response : sent) {
        assertEquals(503, response.get(60, TimeUnit.SECONDS).statusCode());
      }
      try (TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
        List<String> flags = telemetry.awaitValues(values -> values.stream()
                .filter(t -> t.getReporterProxy().equals(client.proxyId())).count() == requests)
            .stream().filter(t -> t.getReporterProxy().equals(client.proxyId())).map(RequestTelemetry::getResponseFlags).toList();
        assertEquals(requests - 1, flags.stream().filter("UO"::equals).count(), "refused retries are flagged UO: " + flags);
      }
    } finally {
      firstAttempts.countDown();
      retries.countDown();
    }
  }

  private static List<CompletableFuture<HttpResponse<String>>> sendConcurrently(Sidecar client, int requests) {
    HttpClient http = through(client);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://reviews/r" + i)).timeout(Duration.ofSeconds(90))
          .build(), HttpResponse.BodyHandlers.ofString()));
    }
    return sent;
  }

  private static int done(List<CompletableFuture<HttpResponse<String>>> sent) {
    return (int) sent.stream().filter(CompletableFuture::isDone).count();
  }
}
