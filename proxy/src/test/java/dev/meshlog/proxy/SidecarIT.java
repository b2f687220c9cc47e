package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.HOST;
import static dev.meshlog.proxy.WireSnapshots.NS;
import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.Topics;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole sidecar against a real broker and real backends: two reviews apps behind inbound
 * sidecars, a client sidecar, snapshots published by hand the way the engine would.
 */
@ExtendWith(KafkaBroker.class)
class SidecarIT {

  private static final String CLIENT = "productpage-1";

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("sidecar");

  private SidecarConfig config(String proxyId, String service, String version, int inboundPort, int appPort) {
    return new SidecarConfig(proxyId, service, NS, Map.of("version", version), "127.0.0.1",
        inboundPort, appPort, 0, feed.bootstrap(), feed.topics());
  }

  @Test
  void shouldRouteBySnapshotWeightsAckAndNackVersionsAndReportEveryRequest() throws Exception {
    String bootstrap = feed.bootstrap();
    Topics topics = feed.topics();
    try (BackendApp appV1 = BackendApp.start("v1");
        BackendApp appV2 = BackendApp.start("v2");
        Sidecar reviewsV1 = feed.ready(Sidecar.start(config("reviews-v1", "reviews", "v1", SidecarConfig.ANY_PORT, appV1.port())));
        Sidecar reviewsV2 = feed.ready(Sidecar.start(config("reviews-v2", "reviews", "v2", SidecarConfig.ANY_PORT, appV2.port())));
        Sidecar client = Sidecar.start(config(CLIENT, "productpage", "v1", 0, 0));
        TopicProbe<ProxyAck> acks = new TopicProbe<>(bootstrap, topics.proxyAcks())) {
      HttpClient http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", client.outboundPort())))
          .build();
      var clusters = List.of(
          clusterConfig("v1", List.of(endpoint(reviewsV1.inboundPort(), "reviews-v1", "v1"))),
          clusterConfig("v2", List.of(endpoint(reviewsV2.inboundPort(), "reviews-v2", "v2"))));

      // Version 1: 90/10.
      ProxySnapshot v1 = WireSnapshots.snapshot(CLIENT, 1, List.of(weighted("v1", 90), weighted("v2", 10)), clusters);
      feed.publish(CLIENT, v1);
      ProxyAck ack1 = awaitAnswer(acks, 1);
      assertEquals(AckStatus.ACK, ack1.getStatus());
      assertEquals(v1.getHash(), ack1.getNonce());
      assertEquals(1, client.appliedVersion());
      assertEquals(v1.getHash(), client.appliedHash());

      Map<String, Integer> split = send(http, 1_000);
      assertEquals(1_000, split.getOrDefault("v1", 0) + split.getOrDefault("v2", 0), split.toString());
      int toV1 = split.getOrDefault("v1", 0);
      assertTrue(toV1 >= 850 && toV1 <= 950, "v1 got " + toV1 + " of 1000: " + split);

      // Version 2: everything to v2, once ACKed.
      ProxySnapshot v2 = WireSnapshots.snapshot(CLIENT, 2, List.of(weighted("v1", 0), weighted("v2", 100)), clusters);
      feed.publish(CLIENT, v2);
      assertEquals(AckStatus.ACK, awaitAnswer(acks, 2).getStatus());
      assertEquals(Map.of("v2", 200), send(http, 200));

      // Version 3 names a cluster it does not define: NACKed, version 2 keeps routing.
      ProxySnapshot v3 = WireSnapshots.snapshot(CLIENT, 3, List.of(weighted("v1", 50), weighted("v3", 50)), clusters);
      feed.publish(CLIENT, v3);
      ProxyAck nack = awaitAnswer(acks, 3);
      assertEquals(AckStatus.NACK, nack.getStatus());
      assertEquals(v3.getHash(), nack.getNonce());
      assertTrue(nack.getErrorDetail().contains(cluster("v3")), nack.getErrorDetail());
      assertEquals(2, client.appliedVersion());
      assertEquals(Map.of("v2", 100), send(http, 100));

      // Every sidecar registered itself, with the port its inbound listener really bound.
      try (TopicProbe<ClusterEvent> events = new TopicProbe<>(bootstrap, topics.clusterEvents())) {
        events.awaitValues(all -> registeredPort(all, "reviews-v1") == reviewsV1.inboundPort()
            && registeredPort(all, "reviews-v2") == reviewsV2.inboundPort()
            && registeredPort(all, CLIENT) == 0);
        ClusterEvent event = events.records().stream()
            .filter(r -> r.key().equals("Workload/default/reviews-v1")).findFirst().orElseThrow().value();
        assertEquals("WorkloadRegistered", event.getEnvelope().getType());
        assertEquals("proxy/reviews-v1", event.getEnvelope().getActor());
        assertEquals(Source.PROXY, event.getEnvelope().getSource());
        WorkloadResource workload = (WorkloadResource) event.getResource();
        assertEquals(Map.of("app", "reviews", "version", "v1"), workload.getLabels());
        assertEquals("reviews", workload.getService());
        assertEquals("127.0.0.1", workload.getAddress());
      }

      // One telemetry record per request, bar the ones the queue dropped.
      int sent = 1_300;
      try (TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(bootstrap, topics.telemetryRequests())) {
        List<RequestTelemetry> reported = telemetry.awaitValues(
            all -> all.stream().filter(t -> t.getReporterProxy().equals(CLIENT)).count() >= sent - client.telemetryDropped())
            .stream().filter(t -> t.getReporterProxy().equals(CLIENT)).toList();
        RequestTelemetry last = reported.get(reported.size() - 1);
        assertEquals(Reporter.SOURCE, last.getReporter());
        assertEquals(CLIENT, last.getSourceWorkload());
        assertEquals(NS, last.getSourceNamespace());
        assertEquals(HOST, last.getDestinationService());
        assertEquals("reviews-v2", last.getDestinationWorkload());
        assertEquals("v2", last.getDestinationVersion());
        assertEquals(NS, last.getDestinationNamespace());
        assertEquals(HOST, last.getRouteName());
        assertEquals(200, last.getResponseCode());
        assertEquals("-", last.getResponseFlags());
        assertEquals(2, last.getResponseBytes());
        assertTrue(telemetry.records().stream().allMatch(r -> r.key().equals(r.value().getReporterProxy())));
      }
    }

    // Clean shutdown deregisters.
    try (TopicProbe<ClusterEvent> events = new TopicProbe<>(bootstrap, topics.clusterEvents())) {
      events.awaitValues(all -> all.stream().anyMatch(e -> e.getChange() == ClusterChange.REMOVED
          && e.getEnvelope().getType().equals("WorkloadRemoved")
          && ((WorkloadResource) e.getResource()).getName().equals(CLIENT)));
    }
  }

  private static ProxyAck awaitAnswer(TopicProbe<ProxyAck> acks, long version) {
    List<ProxyAck> answers = acks.awaitValues(all -> all.stream().anyMatch(a -> a.getProxyId().equals(CLIENT) && a.getVersion() == version));
    // The server sidecars ACK their own version 1 on the same topic.
    return answers.stream().filter(a -> a.getProxyId().equals(CLIENT) && a.getVersion() == version).findFirst().orElseThrow();
  }

  private static int registeredPort(List<ClusterEvent> events, String proxyId) {
    return events.stream()
        .filter(e -> e.getChange() == ClusterChange.REGISTERED)
        .map(e -> (WorkloadResource) e.getResource())
        .filter(w -> w.getName().equals(proxyId))
        .mapToInt(WorkloadResource::getPort)
        .findFirst().orElse(-1);
  }

  /** Sends {@code n} sequential requests over the keep-alive client; counts responses by body. */
  private static Map<String, Integer> send(HttpClient http, int n) throws Exception {
    Map<String, Integer> byBody = new TreeMap<>();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + "/reviews/1"))
        .timeout(Duration.ofSeconds(30)).build();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), () -> response.headers() + " " + response.body());
      byBody.merge(response.body(), 1, Integer::sum);
    }
    return byBody;
  }
}
