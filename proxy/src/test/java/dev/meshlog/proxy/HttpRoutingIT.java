package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.HeaderOperations;
import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.avro.HttpDirectResponse;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRedirect;
import dev.meshlog.avro.HttpRewrite;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP route features over real sockets: a client sidecar whose snapshot (published on the real
 * broker) matches, rewrites, redirects, answers directly and edits headers, in front of real apps.
 */
@ExtendWith(KafkaBroker.class)
class HttpRoutingIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("routing");

  /** A client sidecar that applied (ACKed) a snapshot with these reviews rules. */
  private static Sidecar clientWith(List<RouteRule> rules, List<ClusterConfig> clusters) throws Exception {
    return feed.clientApplying(proxyId -> WireSnapshots.snapshotWithRules(proxyId, 1, rules, clusters));
  }

  private static WeightedCluster to(String subset) {
    return new WeightedCluster(cluster(subset), 100, null);
  }

  private static RouteRule.Builder rule(String name, String subset) {
    return RouteRule.newBuilder().setName(name).setClusters(subset == null ? List.of() : List.of(to(subset)));
  }

  private static HttpMatchRequest uriPrefix(String prefix) {
    return HttpMatchRequest.newBuilder().setUri(new StringMatch(MatchKind.PREFIX, prefix)).build();
  }

  @Test
  void shouldSendTesterRequestsToV2AndEveryoneElseToV1() throws Exception {
    RouteRule tester = rule("tester", "v2").setMatch(List.of(HttpMatchRequest.newBuilder()
        .setHeaders(Map.of("x-user", new StringMatch(MatchKind.EXACT, "tester"))).build())).build();
    try (BackendApp v1 = BackendApp.start("v1");
        BackendApp v2 = BackendApp.start("v2");
        Sidecar client = clientWith(List.of(tester, rule("default", "v1").build()), List.of(
            clusterConfig("v1", List.of(endpoint(v1.port(), "reviews-v1", "v1"))),
            clusterConfig("v2", List.of(endpoint(v2.port(), "reviews-v2", "v2")))));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 20; i++) {
        assertEquals("v2", raw.get("reviews", "/r/" + i, Map.of("x-user", "tester")).body());
        assertEquals("v1", raw.get("reviews", "/r/" + i, Map.of("x-user", "someone")).body());
        assertEquals("v1", raw.get("reviews", "/r/" + i).body());
      }
      assertEquals(20, v2.requests());
      assertEquals(40, v1.requests());
    }
  }

  @Test
  void shouldReachTheBackendWithThePrefixRewrittenAndTheAuthorityReplaced() throws Exception {
    RouteRule api = rule("api", "v1").setMatch(List.of(uriPrefix("/api/")))
        .setRewrite(new HttpRewrite("/internal/", "reviews-internal:9080")).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(List.of(api), List.of(clusterConfig("v1", List.of(endpoint(v1.port(), "reviews-v1", "v1")))));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      assertEquals(200, raw.get("reviews", "/api/items/7?page=2").status());
      assertEquals("/internal/items/7?page=2", v1.lastUri());
      assertTrue(v1.lastHeaders().contains("host: reviews-internal:9080"), v1.lastHeaders().toString());
      RawHttpClient.Response unmatched = raw.get("reviews", "/web/items");
      assertEquals(404, unmatched.status());
      assertEquals("NR", unmatched.headers().get("x-meshlog-response-flags"));
      assertEquals(1, v1.requests());
    }
  }

  @Test
  void shouldAnswerADirectResponseWithoutReachingAnyBackend() throws Exception {
    RouteRule maintenance = rule("maintenance", null).setMatch(List.of(uriPrefix("/admin")))
        .setDirectResponse(new HttpDirectResponse(503, "down for maintenance")).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(List.of(maintenance, rule("default", "v1").build()),
            List.of(clusterConfig("v1", List.of(endpoint(v1.port(), "reviews-v1", "v1")))));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 5; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/admin/users");
        assertEquals(503, response.status());
        assertEquals("down for maintenance", response.body());
        assertEquals("text/plain", response.headers().get("content-type"));
        assertFalse(response.headers().containsKey("x-meshlog-response-flags"), response.headers().toString());
      }
      assertEquals(0, v1.requests(), "a direct response never reaches a backend");
      assertEquals("v1", raw.get("reviews", "/home").body(), "the same connection still forwards other paths");
      assertEquals(1, v1.requests());
    }
  }

  @Test
  void shouldRedirectWithALocationWithoutReachingAnyBackend() throws Exception {
    RouteRule moved = rule("moved", null).setMatch(List.of(uriPrefix("/old")))
        .setRedirect(new HttpRedirect("/new/home", "ratings.default:9080", 302)).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(List.of(moved, rule("default", "v1").build()),
            List.of(clusterConfig("v1", List.of(endpoint(v1.port(), "reviews-v1", "v1")))));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/old/home?lang=en");
      assertEquals(302, response.status());
      assertEquals("http://ratings.default:9080/new/home?lang=en", response.headers().get("location"));
      assertEquals(0, v1.requests());
    }
  }

  @Test
  void shouldEditRequestHeadersUpstreamAndResponseHeadersDownstream() throws Exception {
    HeadersSpec route = new HeadersSpec(
        HeaderOperations.newBuilder().setSet(Map.of("x-tier", "gold")).setRemove(List.of("X-Debug")).build(),
        HeaderOperations.newBuilder().setSet(Map.of("x-served-by", "mesh")).build());
    HeadersSpec destination = new HeadersSpec(
        HeaderOperations.newBuilder().setAdd(Map.of("x-subset", "v1")).build(), null);
    RouteRule edited = rule("edited", null).setClusters(List.of(new WeightedCluster(cluster("v1"), 100, destination)))
        .setHeaders(route).build();
    try (BackendApp v1 = BackendApp.start("v1");
        Sidecar client = clientWith(List.of(edited), List.of(clusterConfig("v1", List.of(endpoint(v1.port(), "reviews-v1", "v1")))));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/", Map.of("x-debug", "1", "x-tier", "bronze"));
      assertEquals(200, response.status());
      assertEquals("mesh", response.headers().get("x-served-by"));
      assertTrue(v1.lastHeaders().contains("x-tier: gold"), v1.lastHeaders().toString());
      assertTrue(v1.lastHeaders().contains("x-subset: v1"), v1.lastHeaders().toString());
      assertFalse(v1.lastHeaders().stream().anyMatch(h -> h.startsWith("x-debug")), v1.lastHeaders().toString());
      assertTrue(v1.lastHeaders().stream().anyMatch(h -> h.startsWith("x-request-id: ")), "forwarding headers survive");
    }
  }
}
