package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.FaultAbort;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.admin.ExpositionFormat;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 through the outbound listener over real sockets: a Netty h2c client (prior knowledge) on
 * one connection, a client sidecar that applied a snapshot from the real broker, and real Netty
 * apps that speak h2c and HTTP/1.1 on one port.
 */
@ExtendWith(KafkaBroker.class)
class Http2RoutingIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("h2-routing");

  private static Sidecar clientWith(List<RouteRule> rules, List<ClusterConfig> clusters) throws Exception {
    return feed.clientApplying(proxyId -> WireSnapshots.snapshotWithRules(proxyId, 1, rules, clusters));
  }

  private static Sidecar clientRoutingAllTo(H2Backend app) throws Exception {
    return clientWith(List.of(rule("default", "v1").build()),
        List.of(clusterConfig("v1", List.of(endpoint(app.port(), "reviews-v1", "v1")))));
  }

  private static RouteRule.Builder rule(String name, String subset) {
    return RouteRule.newBuilder().setName(name).setClusters(List.of(new WeightedCluster(cluster(subset), 100, null)));
  }

  private static HttpMatchRequest uriPrefix(String prefix) {
    return HttpMatchRequest.newBuilder().setUri(new StringMatch(MatchKind.PREFIX, prefix)).build();
  }

  @Test
  void shouldRouteStreamsByAuthorityAndGoUpstreamOverH2c() throws Exception {
    try (H2Backend app = H2Backend.start("v1");
        Sidecar client = clientRoutingAllTo(app);
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      H2TestClient.Response response = h2.fetch(H2TestClient.get("reviews:9080", "/items/7?page=2"));
      assertEquals(200, response.status());
      assertEquals("v1|/items/7?page=2|", response.text());
      assertEquals(List.of("h2"), List.copyOf(app.protocols()), "a request that came over h2 goes upstream over h2c");
      Map<String, String> seen = app.lastHeaders();
      assertEquals("reviews:9080", seen.get(":authority"), seen.toString());
      assertTrue(seen.containsKey("x-request-id") && seen.containsKey("x-forwarded-for"), seen.toString());
      assertTrue(seen.keySet().stream().noneMatch(name -> name.startsWith("x-http2-")), seen.toString());

      H2TestClient.Response unknown = h2.fetch(H2TestClient.get("ratings:9080", "/"));
      assertEquals(404, unknown.status());
      assertEquals("NR", unknown.header("x-meshlog-response-flags"));
      assertEquals(1, app.protocols().size());
    }
  }

  @Test
  void shouldRelayManyConcurrentStreamsOfOneConnectionOverOneUpstreamConnection() throws Exception {
    try (H2Backend app = H2Backend.start("v1");
        Sidecar client = clientRoutingAllTo(app);
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      List<CompletableFuture<H2TestClient.Response>> responses = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        responses.add(h2.send(H2TestClient.get("reviews", "/r/" + i).method("POST"), ("body-" + i).getBytes()));
      }
      for (int i = 0; i < responses.size(); i++) {
        H2TestClient.Response response = responses.get(i).get(60, TimeUnit.SECONDS);
        assertEquals(200, response.status());
        assertEquals("v1|/r/" + i + "|body-" + i, response.text());
      }
      assertEquals(100, app.protocols().size());
      assertEquals(1, app.connections(), "streams of one downstream connection share one upstream h2c connection");
    }
  }

  @Test
  void shouldOpenAnotherUpstreamConnectionWhenThePeersStreamLimitIsReached() throws Exception {
    try (H2Backend app = H2Backend.withMaxConcurrentStreams("v1", 2);
        Sidecar client = clientRoutingAllTo(app);
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      assertEquals(200, h2.fetch(H2TestClient.get("reviews", "/warm-up")).status());
      List<CompletableFuture<H2TestClient.Response>> responses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        responses.add(h2.send(H2TestClient.get("reviews", "/slow")));
      }
      for (CompletableFuture<H2TestClient.Response> response : responses) {
        assertEquals(200, response.get(60, TimeUnit.SECONDS).status());
      }
      assertTrue(app.maxOpenStreams() <= 2, "never more streams than SETTINGS_MAX_CONCURRENT_STREAMS: " + app.maxOpenStreams());
      assertTrue(app.connections() >= 3, "6 slow streams at 2 per connection need 3 connections, saw " + app.connections());
    }
  }

  @Test
  void shouldStreamALargeResponseBodyIntactThroughFlowControl() throws Exception {
    int size = 8 * 1024 * 1024 + 123;
    try (H2Backend app = H2Backend.start("v1");
        Sidecar client = clientRoutingAllTo(app);
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      H2TestClient.Response response = h2.fetch(H2TestClient.get("reviews", "/large?bytes=" + size));
      assertEquals(200, response.status());
      byte[] expected = new byte[size];
      for (int i = 0; i < size; i++) {
        expected[i] = H2Backend.largeByte(i);
      }
      assertArrayEquals(expected, response.body());
    }
  }

  @Test
  void shouldRelayGrpcTrailersAndTrailersOnlyResponsesEndToEnd() throws Exception {
    try (H2Backend app = H2Backend.start("v1");
        Sidecar client = clientRoutingAllTo(app);
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort());
        TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      byte[] message = {0, 0, 0, 0, 4, 'p', 'i', 'n', 'g'};
      Http2Headers call = H2TestClient.get("reviews", "/grpc").method("POST")
          .set("content-type", "application/grpc").set("te", "trailers");
      H2TestClient.Response ok = h2.send(call, message).get(60, TimeUnit.SECONDS);
      assertEquals(200, ok.status());
      assertEquals("application/grpc", ok.header("content-type"));
      assertArrayEquals(new byte[] {0, 0, 0, 0, 4, 'p', 'o', 'n', 'g'}, ok.body());
      assertTrue(ok.trailers().isPresent(), "trailers arrive as trailers");
      assertEquals("0", ok.trailers().get().get("grpc-status").toString());
      assertEquals("OK", ok.trailers().get().get("grpc-message").toString());
      assertEquals("trailers", app.lastHeaders().get("te"), "te: trailers reaches the server, as gRPC requires");
      assertEquals("application/grpc", app.lastHeaders().get("content-type"));

      H2TestClient.Response missing = h2.send(H2TestClient.get("reviews", "/grpc-missing").method("POST")
          .set("content-type", "application/grpc").set("te", "trailers"), message).get(60, TimeUnit.SECONDS);
      assertEquals(200, missing.status());
      assertEquals("5", missing.header("grpc-status"), "a trailers-only response keeps its status in its one HEADERS frame");
      assertEquals("no such item", missing.header("grpc-message"));
      assertEquals(0, missing.body().length);
      assertTrue(missing.trailers().isEmpty(), "and stays trailers-only");

      List<RequestTelemetry> reported = telemetry.awaitValues(values -> values.stream()
          .filter(t -> t.getReporterProxy().equals(client.proxyId())).count() >= 2).stream()
          .filter(t -> t.getReporterProxy().equals(client.proxyId())).toList();
      assertEquals(List.of("grpc", "grpc"), reported.stream().map(RequestTelemetry::getRequestProtocol).toList());
      assertEquals(List.of(200, 200), reported.stream().map(RequestTelemetry::getResponseCode).toList());
      // grpc-status from the trailers, then from the one HEADERS frame of the trailers-only response.
      assertEquals(List.of("0", "5"), reported.stream().map(RequestTelemetry::getGrpcResponseStatus).toList());
    }
  }

  @Test
  void shouldMatchHeaderRulesOnH2Requests() throws Exception {
    RouteRule tester = rule("tester", "v2").setMatch(List.of(HttpMatchRequest.newBuilder()
        .setHeaders(Map.of("x-user", new StringMatch(MatchKind.EXACT, "tester"))).build())).build();
    try (H2Backend v1 = H2Backend.start("v1");
        H2Backend v2 = H2Backend.start("v2");
        Sidecar client = clientWith(List.of(tester, rule("default", "v1").build()), List.of(
            clusterConfig("v1", List.of(endpoint(v1.port(), "reviews-v1", "v1"))),
            clusterConfig("v2", List.of(endpoint(v2.port(), "reviews-v2", "v2")))));
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      for (int i = 0; i < 10; i++) {
        assertEquals("v2|/|", h2.fetch(H2TestClient.get("reviews", "/").set("x-user", "tester")).text());
        assertEquals("v1|/|", h2.fetch(H2TestClient.get("reviews", "/").set("x-user", "someone")).text());
      }
      assertEquals(10, v2.protocols().size());
      assertEquals(10, v1.protocols().size());
    }
  }

  @Test
  void shouldCarryStreamsAndTrailersAcrossTwoSidecarsOverH2c() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = feed.ready(Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("reviews"), "reviews",
            WireSnapshots.NS, Map.of("version", "v1"), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(),
            feed.topics())));
        Sidecar client = clientWith(List.of(rule("default", "v1").build()),
            List.of(clusterConfig("v1", List.of(endpoint(server.inboundPort(), "reviews-v1", "v1")))));
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      List<CompletableFuture<H2TestClient.Response>> responses = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        responses.add(h2.send(H2TestClient.get("reviews", "/hop/" + i)));
      }
      for (int i = 0; i < responses.size(); i++) {
        assertEquals("app|/hop/" + i + "|", responses.get(i).get(60, TimeUnit.SECONDS).text());
      }
      H2TestClient.Response grpc = h2.send(H2TestClient.get("reviews", "/grpc").method("POST")
          .set("content-type", "application/grpc").set("te", "trailers"), new byte[] {0, 0, 0, 0, 0}).get(60, TimeUnit.SECONDS);
      assertEquals("OK", grpc.trailers().orElseThrow().get("grpc-message").toString());
      assertEquals(31, app.protocols().size());
      assertTrue(app.protocols().stream().allMatch("h2"::equals), "h2 all the way: " + app.protocols());
      assertEquals(1, app.connections(), "one h2c connection from the server sidecar's one upstream pool entry");
    }
  }

  @Test
  void shouldRetryAStreamAnAppRefusedOnAnotherEndpointAsIstiosDefaultDoes() throws Exception {
    try (H2Backend busy = H2Backend.refusingStreams("busy"); H2Backend v1 = H2Backend.start("v1");
        Sidecar client = clientWith(List.of(rule("default", "v1").build()), List.of(clusterConfig("v1", List.of(
            endpoint(busy.port(), "reviews-busy", "v1"), endpoint(v1.port(), "reviews-v1", "v1")))));
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      for (int i = 0; i < 6; i++) {
        H2TestClient.Response response = h2.fetch(H2TestClient.get("reviews", "/"));
        assertEquals(200, response.status(), "request " + i + ": " + response.header("x-meshlog-response-flags"));
      }
      assertTrue(busy.refused() >= 3, "round robin gave the refusing app every other first attempt: " + busy.refused());
    }
  }

  @Test
  void shouldAnswer503WhenTheAppDoesNotSpeakH2c() throws Exception {
    try (BackendApp http1Only = BackendApp.start("v1");
        Sidecar client = clientWith(List.of(rule("default", "v1").build()),
            List.of(clusterConfig("v1", List.of(endpoint(http1Only.port(), "reviews-v1", "v1")))));
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      H2TestClient.Response response = h2.fetch(H2TestClient.get("reviews", "/"));
      assertEquals(503, response.status());
      assertEquals("UF,URX", response.header("x-meshlog-response-flags"), "Istio's default retries, then the failure");
      assertEquals(0, http1Only.requests());
    }
  }

  @Test
  void shouldAnswer503WhenTheUpstreamNeverSendsItsSettings() throws Exception {
    // The kernel completes the handshake (backlog) and the peer stays silent: connected, never settled.
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        // No retries: each attempt would wait out its own connect timeout.
        Sidecar client = clientWith(List.of(rule("default", "v1").setRetries(new HttpRetrySpec(0, null, List.of())).build()),
            List.of(clusterConfig("v1", List.of(endpoint(silent.getLocalPort(), "reviews-v1", "v1")))));
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      H2TestClient.Response response = h2.fetch(H2TestClient.get("reviews", "/"));
      assertEquals(503, response.status(), "after the connect timeout, not never");
      assertEquals("UF", response.header("x-meshlog-response-flags"));
    }
  }

  @Test
  void shouldApplyFaultsAndRouteTimeoutsToStreamsLikeToHttp1Requests() throws Exception {
    RouteRule aborted = rule("aborted", "v1").setMatch(List.of(uriPrefix("/broken")))
        .setFault(new HttpFaultSpec(null, new FaultAbort(503, 100.0))).build();
    RouteRule hurried = rule("hurried", "v1").setMatch(List.of(uriPrefix("/slow"))).setTimeoutMs(100L).build();
    try (H2Backend app = H2Backend.start("v1");
        Sidecar client = clientWith(List.of(aborted, hurried, rule("default", "v1").build()),
            List.of(clusterConfig("v1", List.of(endpoint(app.port(), "reviews-v1", "v1")))));
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      H2TestClient.Response fault = h2.fetch(H2TestClient.get("reviews", "/broken"));
      assertEquals(503, fault.status());
      assertEquals("FI", fault.header("x-meshlog-response-flags"));
      H2TestClient.Response late = h2.fetch(H2TestClient.get("reviews", "/slow"));
      assertEquals(504, late.status());
      assertEquals("UT", late.header("x-meshlog-response-flags"));
      assertEquals("v1|/fine|", h2.fetch(H2TestClient.get("reviews", "/fine")).text(), "the connection serves on");
    }
  }

  @Test
  void shouldStreamALargeRequestBodyUpstreamIntact() throws Exception {
    byte[] upload = new byte[3 * 1024 * 1024];
    for (int i = 0; i < upload.length; i++) {
      upload[i] = (byte) ('a' + i % 26);
    }
    try (H2Backend app = H2Backend.start("v1");
        Sidecar client = clientRoutingAllTo(app);
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      H2TestClient.Response response = h2.send(H2TestClient.get("reviews", "/upload").method("POST"), upload)
          .get(60, TimeUnit.SECONDS);
      assertEquals(200, response.status());
      assertEquals("v1|/upload|" + new String(upload, java.nio.charset.StandardCharsets.US_ASCII), response.text());
    }
  }

  @Test
  void shouldServeHttp1ClientsOnTheSamePortOverHttp1Upstream() throws Exception {
    try (H2Backend app = H2Backend.start("v1");
        Sidecar client = clientRoutingAllTo(app);
        RawHttpClient http1 = new RawHttpClient(client.outboundPort());
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      assertEquals("v1", http1.get("reviews", "/one").body());
      assertEquals("v1|/two|", h2.fetch(H2TestClient.get("reviews", "/two")).text());
      assertEquals("v1", http1.get("reviews", "/three", Map.of("Connection", "Upgrade", "Upgrade", "h2c",
          "HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")).body(), "Upgrade: h2c is served over HTTP/1.1, not upgraded");
      assertEquals(List.of("http/1.1", "h2", "http/1.1"), List.copyOf(app.protocols()));
      assertTrue(!app.lastHeaders().containsKey("upgrade") && !app.lastHeaders().containsKey("http2-settings"),
          app.lastHeaders().toString());

      String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + client.adminPort() + "/stats")).build(), BodyHandlers.ofString()).body();
      Map<String, Double> samples = ExpositionFormat.parse(stats);
      assertEquals(1.0, samples.get("meshlog_proxy_downstream_cx_http1_total"), stats);
      assertEquals(1.0, samples.get("meshlog_proxy_downstream_cx_http2_total"), stats);
    }
  }
}
