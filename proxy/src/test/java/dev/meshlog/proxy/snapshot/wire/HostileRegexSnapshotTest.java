package dev.meshlog.proxy.snapshot.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.proxy.route.RequestMatch;
import dev.meshlog.proxy.route.RouteRequest;
import dev.meshlog.proxy.snapshot.Snapshot;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regexes written into a snapshot past ingest (by hand, or by an older ingest): the proxy matches with RE2, so a
 * catastrophic-backtracking pattern costs time linear in the request, and a pattern RE2 refuses or one that would
 * compile to an enormous program fails the snapshot (a NACK) instead of the proxy. The timeouts detect a hang;
 * they are no performance claim (java.util.regex takes longer than the age of the universe on these inputs).
 */
class HostileRegexSnapshotTest {

  private static final String HOST = "reviews.default.svc.cluster.local";
  private static final String CLUSTER = "outbound|80||" + HOST;
  private static final Duration HANG = Duration.ofSeconds(20);

  private static ProxySnapshot snapshot(HttpMatchRequest match) {
    RouteRule rule = RouteRule.newBuilder().setName("r").setMatch(List.of(match))
        .setClusters(List.of(new WeightedCluster(CLUSTER, 100, null))).build();
    return ProxySnapshot.newBuilder().setProxyId("p").setVersion(1).setHash("h")
        .setRoutes(List.of(RouteConfig.newBuilder().setName(HOST).setDomains(List.of(HOST)).setRules(List.of(rule)).build()))
        .setClusters(List.of(ClusterConfig.newBuilder().setName(CLUSTER).setHost(HOST).setPort(80)
            .setEndpoints(List.of(new EndpointConfig("127.0.0.1", 8080, "w", Map.of(), 1, ""))).build()))
        .build();
  }

  private static HttpMatchRequest uriRegex(String regex) {
    return HttpMatchRequest.newBuilder().setUri(new StringMatch(MatchKind.REGEX, regex)).build();
  }

  private static RequestMatch compiled(HttpMatchRequest match) {
    Snapshot snapshot = SnapshotWire.toDomain(snapshot(match));
    return snapshot.hosts().get(0).rules().get(0).matches().get(0);
  }

  private static RouteRequest request(String path, String... headerPairs) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return new RouteRequest(HOST, "GET", path, headers, 15001);
  }

  @Test
  void shouldMatchACatastrophicBacktrackingUriRegexInLinearTime() {
    RequestMatch match = compiled(uriRegex("/(a+)+$"));
    String hostile = "/" + "a".repeat(100_000) + "!";
    assertTimeoutPreemptively(HANG, () -> assertFalse(match.matches(request(hostile))));
    assertTrue(match.matches(request("/aaaa")), "a matching path still matches");
  }

  @Test
  void shouldMatchACatastrophicBacktrackingHeaderRegexInLinearTime() {
    RequestMatch match = compiled(HttpMatchRequest.newBuilder()
        .setHeaders(Map.of("x-user", new StringMatch(MatchKind.REGEX, "(a|aa)*c"))).build());
    String hostile = "a".repeat(50_000);
    assertTimeoutPreemptively(HANG, () -> assertFalse(match.matches(request("/", "x-user", hostile))));
    assertTrue(match.matches(request("/", "x-user", "aaac")));
  }

  @Test
  void shouldKeepFullMatchSemantics() {
    RequestMatch match = compiled(uriRegex("/reviews/[0-9]+"));
    assertTrue(match.matches(request("/reviews/42")));
    assertFalse(match.matches(request("/reviews/42/x")), "a partial match is no match, as in Istio");
  }

  @Test
  void shouldFailTheSnapshotForARegexRe2Refuses() {
    assertThrows(IllegalArgumentException.class, () -> SnapshotWire.toDomain(snapshot(uriRegex("(a)\\1"))));
    assertThrows(IllegalArgumentException.class, () -> SnapshotWire.toDomain(snapshot(uriRegex("a(?=b)"))));
  }

  @Test
  void shouldFailTheSnapshotForARegexThatWouldCompileToAnEnormousProgram() {
    assertTimeoutPreemptively(HANG, () ->
        assertThrows(IllegalArgumentException.class, () -> SnapshotWire.toDomain(snapshot(uriRegex("((a{1000}){1000}){1000}")))));
    assertThrows(IllegalArgumentException.class, () -> SnapshotWire.toDomain(snapshot(uriRegex("a".repeat(1025)))));
  }
}
