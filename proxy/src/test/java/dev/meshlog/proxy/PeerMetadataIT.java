package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.HOST;
import static dev.meshlog.proxy.WireSnapshots.NS;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.admin.ExpositionFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The x-meshlog-peer exchange between two real sidecars and a real app: the destination's record
 * names the caller's workload, app and version; the app never sees the header, nor does the client;
 * an app cannot speak for its sidecar, and a client outside the mesh with a hostile value gets
 * "unknown" labels, a normal answer, and no metadata back.
 */
@ExtendWith(KafkaBroker.class)
class PeerMetadataIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("peer-metadata");

  @Test
  void shouldTellTheDestinationWhoCalledAndStripTheHeaderOnBothSides() throws Exception {
    String clientId = KafkaBroker.uniqueName("productpage");
    String serverId = KafkaBroker.uniqueName("reviews-v1");
    try (BackendApp app = BackendApp.start("v1");
        Sidecar server = feed.ready(Sidecar.start(new SidecarConfig(serverId, "reviews", NS, Map.of("version", "v1"),
            "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(), feed.topics())));
        Sidecar client = Sidecar.start(new SidecarConfig(clientId, "productpage", NS,
            Map.of("app", "productpage", "version", "v2"), "127.0.0.1", 0, 0, 0, feed.bootstrap(), feed.topics()));
        TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      // The snapshot's endpoint has no version label: the client's record takes it from the server's reply.
      feed.publish(clientId, WireSnapshots.snapshot(clientId, 1, List.of(weighted("v1", 100)),
          List.of(clusterConfig("v1", List.of(EndpointConfig.newBuilder().setAddress("127.0.0.1")
              .setPort(server.inboundPort()).setWorkload(serverId).setLabels(Map.of("app", "reviews")).build())))));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 1);

      try (RawHttpClient http = new RawHttpClient(client.outboundPort())) {
        RawHttpClient.Response ok = http.get(HOST, "/reviews/1?user=jason", Map.of("x-request-id", "peer-it-1"));
        assertEquals(200, ok.status());
        assertFalse(ok.headers().containsKey("x-meshlog-peer"), "the client got the server's metadata: " + ok.headers());
        assertTrue(app.lastHeaders().stream().noneMatch(h -> h.startsWith("x-meshlog-peer")),
            "the app got the caller's metadata: " + app.lastHeaders());
        // An app cannot speak for its sidecar: its own value is replaced, and still never reaches the server's app.
        RawHttpClient.Response spoofed = http.get(HOST, "/reviews/2",
            Map.of("x-request-id", "peer-it-2", "x-meshlog-peer", "v1;admin;kube-system;admin;v9"));
        assertEquals(200, spoofed.status());
        assertTrue(app.lastHeaders().stream().noneMatch(h -> h.startsWith("x-meshlog-peer")), app.lastHeaders().toString());
      }
      // A client outside the mesh, straight to the inbound listener, with a hostile value.
      try (RawHttpClient outsider = new RawHttpClient(server.inboundPort())) {
        RawHttpClient.Response answer = outsider.get(HOST, "/reviews/3",
            Map.of("x-request-id", "peer-it-3", "x-meshlog-peer", "v1;a;b;c;d;" + "x".repeat(2_000)));
        assertEquals(200, answer.status());
        assertFalse(answer.headers().containsKey("x-meshlog-peer"), "an outsider got metadata: " + answer.headers());
        assertTrue(app.lastHeaders().stream().noneMatch(h -> h.startsWith("x-meshlog-peer")), app.lastHeaders().toString());
      }

      List<RequestTelemetry> all = telemetry.awaitValues(values -> values.stream()
          .filter(t -> t.getReporterProxy().equals(serverId)).count() >= 3
          && values.stream().filter(t -> t.getReporterProxy().equals(clientId)).count() >= 2);
      for (String id : List.of("peer-it-1", "peer-it-2")) {
        RequestTelemetry inbound = find(all, serverId, id);
        assertEquals(Reporter.DESTINATION, inbound.getReporter());
        assertEquals(clientId, inbound.getSourceWorkload(), id);
        assertEquals(NS, inbound.getSourceNamespace(), id);
        assertEquals("productpage", inbound.getSourceApp(), id);
        assertEquals("v2", inbound.getSourceVersion(), id);
        assertEquals("unknown", inbound.getSourcePrincipal(), "labels never make a principal");
        RequestTelemetry outbound = find(all, clientId, id);
        assertEquals(serverId, outbound.getDestinationWorkload());
        assertEquals("v1", outbound.getDestinationVersion(), "the server's label, from its reply");
      }
      RequestTelemetry tap = find(all, serverId, "peer-it-1");
      assertEquals("GET", tap.getRequestMethod());
      assertEquals("/reviews/1", tap.getRequestPath());
      assertEquals(HOST, tap.getRequestAuthority());
      RequestTelemetry outsider = find(all, serverId, "peer-it-3");
      assertEquals(200, outsider.getResponseCode());
      assertEquals("unknown", outsider.getSourceWorkload());
      assertEquals("unknown", outsider.getSourceApp());
      assertEquals("unknown", outsider.getSourceVersion());
      Map<String, Double> stats = ExpositionFormat.parse(AdminPages.get(server, "/stats/prometheus"));
      assertEquals(1.0, stats.get("meshlog_proxy_peer_metadata_rejected_total"), "the hostile value is counted");
      assertEquals(2.0, stats.get("meshlog_proxy_peer_metadata_accepted_total"));
    }
  }

  private static RequestTelemetry find(List<RequestTelemetry> all, String reporter, String requestId) {
    return all.stream().filter(t -> t.getReporterProxy().equals(reporter) && t.getRequestId().equals(requestId))
        .findFirst().orElseThrow(() -> new AssertionError("no record of " + requestId + " from " + reporter));
  }
}
