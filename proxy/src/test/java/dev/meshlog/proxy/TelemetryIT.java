package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.HOST;
import static dev.meshlog.proxy.WireSnapshots.NS;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ConnectionEvent;
import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.admin.ExpositionFormat;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
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

/**
 * What sidecars report, read back from mesh.telemetry.requests and .connections on a real broker:
 * real requests through a client sidecar (reporter SOURCE) and a server sidecar (DESTINATION) to a
 * real app, and a TCP connection through a tcp route.
 */
@ExtendWith(KafkaBroker.class)
class TelemetryIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("telemetry");

  @Test
  void shouldReportEachRequestWithIstiosDimensionsFromBothSidecars() throws Exception {
    String clientId = KafkaBroker.uniqueName("productpage");
    String serverId = KafkaBroker.uniqueName("reviews-v1");
    try (BackendApp app = BackendApp.start("v1");
        Sidecar server = feed.ready(Sidecar.start(new SidecarConfig(serverId, "reviews", NS, Map.of("version", "v1"),
            "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(), feed.topics())));
        Sidecar client = Sidecar.start(new SidecarConfig(clientId, "productpage", NS,
            Map.of("app", "productpage", "version", "v2"), "127.0.0.1", 0, 0, 0, feed.bootstrap(), feed.topics()));
        TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      feed.publish(clientId, WireSnapshots.snapshot(clientId, 1, List.of(weighted("v1", 100)),
          List.of(clusterConfig("v1", List.of(endpoint(server.inboundPort(), serverId, "v1"))))));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 1);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", client.outboundPort()))).build();
      for (int i = 0; i < 3; i++) {
        assertEquals(200, get(http, "http://" + HOST + "/reviews/" + i).statusCode());
      }
      assertEquals(404, get(http, "http://ratings.elsewhere.svc.cluster.local/").statusCode());

      List<RequestTelemetry> all = telemetry.awaitValues(values ->
          values.stream().filter(t -> t.getReporterProxy().equals(clientId)).count() >= 4
              && values.stream().filter(t -> t.getReporterProxy().equals(serverId)).count() >= 3);
      RequestTelemetry source = all.stream().filter(t -> t.getReporterProxy().equals(clientId)).findFirst().orElseThrow();
      assertEquals(Reporter.SOURCE, source.getReporter());
      assertEquals(clientId, source.getSourceWorkload());
      assertEquals(NS, source.getSourceNamespace());
      assertEquals("productpage", source.getSourceApp());
      assertEquals("v2", source.getSourceVersion());
      assertEquals(HOST, source.getDestinationService());
      assertEquals("reviews", source.getDestinationServiceName());
      assertEquals(NS, source.getDestinationServiceNamespace());
      assertEquals(serverId, source.getDestinationWorkload());
      assertEquals(NS, source.getDestinationNamespace());
      assertEquals("reviews", source.getDestinationApp());
      assertEquals("v1", source.getDestinationVersion());
      assertEquals(HOST, source.getRouteName());
      assertEquals("http", source.getRequestProtocol());
      assertEquals(200, source.getResponseCode());
      assertEquals("", source.getGrpcResponseStatus());
      assertEquals("-", source.getResponseFlags());
      assertEquals("none", source.getConnectionSecurityPolicy());
      assertEquals("unknown", source.getSourcePrincipal());
      assertEquals(2, source.getResponseBytes()); // the app answers its name, "v1"
      assertTrue(source.getDurationMicros() > 0);

      RequestTelemetry unrouted = all.stream()
          .filter(t -> t.getReporterProxy().equals(clientId) && t.getResponseCode() == 404).findFirst().orElseThrow();
      assertEquals("NR", unrouted.getResponseFlags());
      assertEquals("unknown", unrouted.getDestinationWorkload());
      assertEquals("ratings", unrouted.getDestinationServiceName());
      assertEquals("elsewhere", unrouted.getDestinationServiceNamespace());

      RequestTelemetry destination = all.stream().filter(t -> t.getReporterProxy().equals(serverId)).findFirst().orElseThrow();
      assertEquals(Reporter.DESTINATION, destination.getReporter());
      assertEquals(serverId, destination.getDestinationWorkload());
      assertEquals(NS, destination.getDestinationNamespace());
      assertEquals("reviews", destination.getDestinationApp());
      assertEquals("v1", destination.getDestinationVersion());
      assertEquals("reviews", destination.getDestinationServiceName());
      // Plain text: no principal, but the client's sidecar said who it is (x-meshlog-peer).
      assertEquals(clientId, destination.getSourceWorkload());
      assertEquals(NS, destination.getSourceNamespace());
      assertEquals("productpage", destination.getSourceApp());
      assertEquals("unknown", destination.getSourcePrincipal());
      assertEquals(200, destination.getResponseCode());
      assertEquals("none", destination.getConnectionSecurityPolicy());

      assertTrue(telemetry.records().stream().allMatch(r -> r.key().equals(r.value().getReporterProxy())),
          "keyed by the reporting proxy");
      await().atMost(Duration.ofSeconds(60)).until(() -> ExpositionFormat.parse(AdminPages.get(client, "/stats/prometheus"))
          .getOrDefault("meshlog_proxy_telemetry_sent_total{stream=\"requests\"}", 0.0) >= 4);
      Map<String, Double> stats = ExpositionFormat.parse(AdminPages.get(client, "/stats/prometheus"));
      assertEquals(0.0, stats.get("meshlog_proxy_telemetry_dropped_total{stream=\"requests\"}"));
    }
  }

  @Test
  void shouldReportATcpConnectionOpenedAndClosedWithItsBytesBothWays() throws Exception {
    int port = TcpSnapshots.freePort();
    try (TcpBackend echo = TcpBackend.start(TcpBackend.Mode.ECHO);
        Sidecar sidecar = TcpSidecars.start(feed, SidecarTuning.defaults());
        TopicProbe<ConnectionTelemetry> connections = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryConnections())) {
      TcpSidecars.apply(feed, sidecar, 1, List.of(TcpSnapshots.route("db", port, List.of(TcpSnapshots.weighted("db", port, "", 100)))),
          List.of(TcpSnapshots.clusterConfig("db", port, "", List.of(TcpSnapshots.endpoint(echo.port())))));
      try (Socket socket = TcpSidecars.connect(port)) {
        assertEquals("hello", TcpSidecars.roundTrip(socket, "hello"));
        assertEquals("world!", TcpSidecars.roundTrip(socket, "world!"));
      }
      List<ConnectionTelemetry> reported = connections.awaitValues(values -> values.stream()
          .filter(c -> c.getReporterProxy().equals(sidecar.proxyId())).count() >= 2).stream()
          .filter(c -> c.getReporterProxy().equals(sidecar.proxyId())).toList();
      assertEquals(List.of(ConnectionEvent.OPENED, ConnectionEvent.CLOSED), reported.stream().map(ConnectionTelemetry::getEvent).toList());
      ConnectionTelemetry closed = reported.get(1);
      assertEquals("source", closed.getReporter());
      assertEquals(sidecar.proxyId(), closed.getSourceWorkload());
      assertEquals("productpage", closed.getSourceApp());
      assertEquals(TcpSnapshots.host("db"), closed.getDestinationService());
      assertEquals("backend-" + echo.port(), closed.getDestinationWorkload());
      assertEquals(NS, closed.getDestinationNamespace());
      assertEquals(TcpSnapshots.host("db") + ":" + port, closed.getRouteName());
      assertEquals("-", closed.getResponseFlags());
      assertEquals(11, closed.getBytesSent());
      assertEquals(11, closed.getBytesReceived());
      assertTrue(closed.getDurationMicros() > 0);
      assertEquals(0, reported.get(0).getBytesSent());
    }
  }

  @Test
  void shouldReportATcpConnectionNoUpstreamTookWithItsFlag() throws Exception {
    int port = TcpSnapshots.freePort();
    int nobody = TcpSnapshots.closedPort();
    try (Sidecar sidecar = TcpSidecars.start(feed, SidecarTuning.defaults());
        TopicProbe<ConnectionTelemetry> connections = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryConnections())) {
      TcpSidecars.apply(feed, sidecar, 1, List.of(TcpSnapshots.route("db", port, List.of(TcpSnapshots.weighted("db", port, "", 100)))),
          List.of(TcpSnapshots.clusterConfig("db", port, "", List.of(TcpSnapshots.endpoint(nobody)))));
      try (Socket socket = TcpSidecars.connect(port)) {
        assertEquals(0, TcpSidecars.readToEnd(socket).length);
      }
      List<ConnectionTelemetry> reported = connections.awaitValues(values -> values.stream()
          .filter(c -> c.getReporterProxy().equals(sidecar.proxyId())).count() >= 2).stream()
          .filter(c -> c.getReporterProxy().equals(sidecar.proxyId())).toList();
      assertEquals(List.of(ConnectionEvent.OPENED, ConnectionEvent.CLOSED), reported.stream().map(ConnectionTelemetry::getEvent).toList());
      assertEquals("UF", reported.get(1).getResponseFlags());
    }
  }

  private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
