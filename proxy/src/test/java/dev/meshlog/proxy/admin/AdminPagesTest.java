package dev.meshlog.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.proxy.balance.ActiveRequests;
import dev.meshlog.proxy.circuit.UpstreamCluster;
import dev.meshlog.proxy.snapshot.LiveConfig;
import dev.meshlog.proxy.snapshot.SnapshotApplier;
import dev.meshlog.proxy.snapshot.SnapshotHistories;
import dev.meshlog.proxy.snapshot.SnapshotHistory;
import dev.meshlog.proxy.snapshot.SnapshotOutcome;
import dev.meshlog.proxy.snapshot.SnapshotValidator;
import dev.meshlog.proxy.snapshot.wire.SnapshotWire;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin pages rendered from a real applied config, without sockets. */
class AdminPagesTest {

  private static final String PROXY = "productpage-1";
  private static final String HOST = "reviews.default.svc.cluster.local";
  // A quote and a backslash would break a naive label value; the cluster name carries both here.
  private static final String V1 = "outbound|80|v\"1\\|" + HOST;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LiveConfig live = new LiveConfig();
  private final SnapshotHistory history = new SnapshotHistory();
  private final AdminView view = new AdminView(PROXY, live, history, () -> 2, () -> 5L, () -> 1);

  private static ProxySnapshot wire(long version) {
    EndpointConfig endpoint = EndpointConfig.newBuilder().setAddress("127.0.0.1").setPort(9080).setWorkload("reviews-v1")
        .setLabels(Map.of("app", "reviews", "version", "v1")).build();
    ClusterConfig cluster = ClusterConfig.newBuilder().setName(V1).setHost(HOST).setSubset("v1").setPort(80)
        .setLoadBalancer("LEAST_REQUEST").setEndpoints(List.of(endpoint)).build();
    RouteConfig route = RouteConfig.newBuilder().setName(HOST).setPort(80).setDomains(List.of(HOST, "reviews"))
        .setRules(List.of(RouteRule.newBuilder().setName("default").setClusters(List.of(new WeightedCluster(V1, 100, null))).build()))
        .setProvenance(List.of()).build();
    return ProxySnapshot.newBuilder().setProxyId(PROXY).setVersion(version).setHash("hash-" + version)
        .setRoutes(List.of(route)).setClusters(List.of(cluster)).build();
  }

  private void apply(ProxySnapshot wire) {
    SnapshotOutcome outcome = new SnapshotApplier(PROXY, live, new SnapshotValidator()).apply(SnapshotWire.toDomain(wire));
    assertTrue(outcome instanceof SnapshotOutcome.Applied, outcome.toString());
    SnapshotHistories.applied(history, wire);
  }

  private ActiveRequests firstEndpointCounter() {
    return live.current().routes().clusters().get(0).endpoints().get(0).activeRequests();
  }

  private static String body(FullHttpResponse response) {
    return response.content().toString(StandardCharsets.UTF_8);
  }

  private JsonNode json(String path) throws Exception {
    FullHttpResponse response = new AdminHandler(view).answer(HttpMethod.GET, path);
    assertEquals(200, response.status().code());
    assertEquals("application/json", response.headers().get("content-type"));
    return JSON.readTree(body(response));
  }

  @Test
  void shouldAnswerReadyWith503BeforeTheFirstSnapshotAndLiveAfter() {
    AdminHandler handler = new AdminHandler(view);
    FullHttpResponse before = handler.answer(HttpMethod.GET, "/ready");
    assertEquals(503, before.status().code());
    apply(wire(3));
    FullHttpResponse after = handler.answer(HttpMethod.GET, "/ready");
    assertEquals(200, after.status().code());
    assertEquals("LIVE\n", body(after));
  }

  @Test
  void shouldAnswer404ForUnknownPathsAnd405ForOtherMethods() {
    AdminHandler handler = new AdminHandler(view);
    assertEquals(404, handler.answer(HttpMethod.GET, "/quitquitquit").status().code());
    FullHttpResponse post = handler.answer(HttpMethod.POST, "/stats");
    assertEquals(405, post.status().code());
    assertEquals("GET", post.headers().get("allow"));
  }

  @Test
  void shouldExposeStatsThatParseAsTheExpositionFormat() {
    apply(wire(3));
    firstEndpointCounter().increment();
    String page = StatsPage.render(view);
    Map<String, Double> samples = ExpositionFormat.parse(page);
    assertEquals(3.0, samples.get("meshlog_proxy_snapshot_version"));
    assertEquals(1.0, samples.get("meshlog_proxy_snapshots_applied_total"));
    assertEquals(0.0, samples.get("meshlog_proxy_snapshots_rejected_total"));
    assertEquals(2.0, samples.get("meshlog_proxy_requests_in_flight"));
    assertEquals(5.0, samples.get("meshlog_proxy_telemetry_dropped_total{stream=\"requests\"}"), page);
    assertEquals(1.0, samples.get("meshlog_proxy_upstream_connections"));
    String label = "{cluster=\"outbound|80|v\\\"1\\\\|" + HOST + "\"}";
    assertEquals(1.0, samples.get("meshlog_proxy_cluster_active_requests" + label), page);
    assertEquals(1.0, samples.get("meshlog_proxy_cluster_endpoints" + label), page);
  }

  @Test
  void shouldReportVersionMinusOneAndNoClustersBeforeTheFirstSnapshot() {
    Map<String, Double> samples = ExpositionFormat.parse(StatsPage.render(view));
    assertEquals(-1.0, samples.get("meshlog_proxy_snapshot_version"));
    assertFalse(samples.keySet().stream().anyMatch(k -> k.startsWith("meshlog_proxy_cluster_")), samples.toString());
  }

  @Test
  void shouldRejectAPageThatIsNotInTheExpositionFormat() {
    assertThrows(AssertionError.class, () -> ExpositionFormat.parse("meshlog_proxy_x 1\n"));
    assertThrows(AssertionError.class, () -> ExpositionFormat.parse("# TYPE g gauge\ng{a=\"un\"escaped\"} 1\n"));
  }

  @Test
  void shouldDumpTheAppliedSnapshotAsJsonWithVersionHashAndNoNack() throws Exception {
    apply(wire(3));
    JsonNode dump = json("/config_dump");
    assertEquals(PROXY, dump.get("proxyId").asText());
    assertEquals(3, dump.get("version").asLong());
    assertEquals("hash-3", dump.get("hash").asText());
    assertTrue(dump.get("lastNack").isNull());
    JsonNode snapshot = dump.get("snapshot");
    assertEquals(3, snapshot.get("version").asLong());
    assertEquals("reviews", snapshot.get("routes").get(0).get("domains").get(1).asText());
    assertEquals(V1, snapshot.get("routes").get(0).get("rules").get(0).get("clusters").get(0).get("cluster").asText());
    // A union is its value, not Avro's {"string": ...} wrapping.
    assertEquals("v1", snapshot.get("clusters").get(0).get("subset").asText());
    assertEquals("v1", snapshot.get("clusters").get(0).get("endpoints").get(0).get("labels").get("version").asText());
  }

  @Test
  void shouldDumpTheLastNackNextToTheStillAppliedSnapshot() throws Exception {
    apply(wire(3));
    SnapshotHistories.rejected(history, 4, "hash-4", "route names missing cluster x");
    JsonNode dump = json("/config_dump");
    assertEquals(3, dump.get("version").asLong());
    assertEquals(4, dump.get("lastNack").get("version").asLong());
    assertEquals("route names missing cluster x", dump.get("lastNack").get("error").asText());
    assertEquals(1.0, ExpositionFormat.parse(StatsPage.render(view)).get("meshlog_proxy_snapshots_rejected_total"));
  }

  @Test
  void shouldListClustersWithEndpointsTheirActiveRequestsAndHealth() throws Exception {
    apply(wire(3));
    firstEndpointCounter().increment();
    firstEndpointCounter().increment();
    JsonNode clusters = json("/clusters").get("clusters");
    assertEquals(1, clusters.size());
    JsonNode cluster = clusters.get(0);
    assertEquals(V1, cluster.get("name").asText());
    assertEquals("LEAST_REQUEST", cluster.get("loadBalancer").asText());
    JsonNode endpoint = cluster.get("endpoints").get(0);
    assertEquals("127.0.0.1:9080", endpoint.get("address").asText());
    assertEquals("reviews-v1", endpoint.get("workload").asText());
    assertEquals(1, endpoint.get("weight").asInt());
    assertEquals(2, endpoint.get("activeRequests").asInt());
    assertEquals("HEALTHY", endpoint.get("health").asText());
    assertFalse(endpoint.get("ejected").asBoolean());
  }

  @Test
  void shouldShowAnEjectedEndpointWithItsEndAndTheClustersBreakersAndOutlierStats() throws Exception {
    ProxySnapshot wire = wire(3);
    ClusterConfig cluster = ClusterConfig.newBuilder(wire.getClusters().get(0))
        .setConnectionPool(ConnectionPoolSpec.newBuilder().setMaxConnections(7).build())
        .setOutlierDetection(OutlierDetectionSpec.newBuilder().setConsecutive5xxErrors(2).build()).build();
    apply(ProxySnapshot.newBuilder(wire).setClusters(List.of(cluster)).build());
    UpstreamCluster state = live.current().routes().clusters().get(0).live();
    state.hosts().get(0).responded(500);
    state.hosts().get(0).responded(503);
    state.breaker().tryStartRequest();

    JsonNode page = json("/clusters").get("clusters").get(0);
    JsonNode endpoint = page.get("endpoints").get(0);
    assertEquals("FAILED_OUTLIER_CHECK", endpoint.get("health").asText());
    assertTrue(endpoint.get("ejected").asBoolean());
    assertTrue(java.time.Instant.parse(endpoint.get("ejectedUntil").asText()).isAfter(java.time.Instant.now()));
    assertEquals(1, endpoint.get("ejections").asInt());
    assertEquals(7, page.get("circuitBreakers").get("maxConnections").asInt());
    assertEquals(1, page.get("circuitBreakers").get("activeRequests").asInt());
    assertEquals(2, page.get("outlierDetection").get("consecutive5xxErrors").asInt());
    assertEquals(1, page.get("outlierDetection").get("ejected").asInt());

    Map<String, Double> samples = ExpositionFormat.parse(StatsPage.render(view));
    String label = "{cluster=\"outbound|80|v\\\"1\\\\|" + HOST + "\"}";
    assertEquals(1.0, samples.get("meshlog_proxy_outlier_detection_ejections_total" + label), samples.toString());
    assertEquals(1.0, samples.get("meshlog_proxy_outlier_detection_ejections_active" + label));
    assertEquals(1.0, samples.get("meshlog_proxy_upstream_rq_active" + label));
    assertEquals(0.0, samples.get("meshlog_proxy_upstream_cx_overflow_total" + label));
  }
}
