package dev.meshlog.engine.roundtrip;

import static dev.meshlog.engine.roundtrip.Bookinfo.DETAILS;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.RATINGS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.TESTER_PROXY;
import static dev.meshlog.engine.roundtrip.Bookinfo.cluster;
import static dev.meshlog.engine.roundtrip.Snapshots.route;
import static dev.meshlog.engine.roundtrip.Snapshots.rule;
import static dev.meshlog.engine.roundtrip.Snapshots.ruleNames;
import static dev.meshlog.engine.roundtrip.Snapshots.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.StringMatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VirtualService http matches, from YAML to the route rules each proxy receives. */
class VirtualServiceMatchRoundTripTest extends MeshRoundTrip {

  @Test
  void shouldCarryAnExactUriMatch() {
    RouteRule exact = rule(reviewsByUri(), REVIEWS, "exact");
    assertEquals(List.of(uri(MatchKind.EXACT, "/reviews/0")), exact.getMatch());
    assertEquals(List.of(cluster(80, "v1", REVIEWS) + "=100"), split(exact));
  }

  @Test
  void shouldCarryAPrefixUriMatch() {
    RouteRule prefix = rule(reviewsByUri(), REVIEWS, "prefix");
    assertEquals(List.of(uri(MatchKind.PREFIX, "/reviews")), prefix.getMatch());
    assertEquals(List.of(cluster(80, "v2", REVIEWS) + "=100"), split(prefix));
  }

  @Test
  void shouldCarryARegexUriMatch() {
    RouteRule regex = rule(reviewsByUri(), REVIEWS, "regex");
    assertEquals(List.of(uri(MatchKind.REGEX, "^/api/v[0-9]+/reviews$")), regex.getMatch());
    assertEquals(List.of(cluster(80, "v3", REVIEWS) + "=100"), split(regex));
  }

  @Test
  void shouldKeepRulesInTheOrderWrittenWithTheCatchAllLast() {
    ProxySnapshot snapshot = reviewsByUri();
    assertEquals(List.of("exact", "prefix", "regex", "default"), ruleNames(route(snapshot, REVIEWS)));
    assertEquals(List.of(), rule(snapshot, REVIEWS, "default").getMatch(), "no match: every request");
    assertEquals(List.of("DestinationRule/bookinfo/reviews-subsets", "VirtualService/bookinfo/reviews-uri"),
        route(snapshot, REVIEWS).getProvenance(), "the rules come from the VirtualService, the subsets they split by from the DestinationRule");
  }

  @Test
  void shouldCarryHeaderMatchesAndTheMatchName() {
    HttpMatchRequest expected = HttpMatchRequest.newBuilder()
        .setName("jason")
        .setHeaders(Map.of("end-user", new StringMatch(MatchKind.EXACT, "jason"), "x-trace", new StringMatch(MatchKind.REGEX, "^[a-f0-9]{16}$")))
        .build();
    assertEquals(List.of(expected), ratingsRule("by-header").getMatch());
  }

  @Test
  void shouldCarryAMethodMatch() {
    HttpMatchRequest expected = HttpMatchRequest.newBuilder().setMethod(new StringMatch(MatchKind.EXACT, "POST")).build();
    assertEquals(List.of(expected), ratingsRule("by-method").getMatch());
  }

  @Test
  void shouldCarryQueryParamMatches() {
    HttpMatchRequest expected = HttpMatchRequest.newBuilder()
        .setQueryParams(Map.of("preview", new StringMatch(MatchKind.EXACT, "true"), "lang", new StringMatch(MatchKind.PREFIX, "en")))
        .build();
    assertEquals(List.of(expected), ratingsRule("by-query").getMatch());
  }

  @Test
  void shouldCarryAPortMatch() {
    HttpMatchRequest expected = HttpMatchRequest.newBuilder().setPort(80).build();
    assertEquals(List.of(expected), ratingsRule("by-port").getMatch());
  }

  @Test
  void shouldCarryWithoutHeadersMatches() {
    HttpMatchRequest expected = HttpMatchRequest.newBuilder()
        .setWithoutHeaders(Map.of("x-debug", new StringMatch(MatchKind.PREFIX, "1")))
        .build();
    assertEquals(List.of(expected), ratingsRule("without-header").getMatch());
  }

  @Test
  void shouldGiveSourceLabelRoutesOnlyToProxiesWithThoseLabels() {
    mesh.apply(VIRTUAL_SERVICES, "bookinfo/details-by-source");
    assertEquals(List.of("from-productpage", "mixed", "everyone"), ruleNames(route(mesh.snapshot(PRODUCTPAGE_V1), DETAILS)));
    assertEquals(List.of("mixed", "everyone"), ruleNames(route(mesh.snapshot(REVIEWS_V1), DETAILS)));
  }

  @Test
  void shouldGiveSourceNamespaceRoutesOnlyToProxiesInThatNamespace() {
    mesh.apply(VIRTUAL_SERVICES, "bookinfo/details-by-source");
    ProxySnapshot tester = mesh.snapshot(TESTER_PROXY);
    assertEquals(List.of("from-qa", "mixed", "everyone"), ruleNames(route(tester, DETAILS)));
    RouteRule fromQa = rule(tester, DETAILS, "from-qa");
    assertNotNull(fromQa.getFault(), "the rule arrives whole, fault included");
    assertEquals(503, fromQa.getFault().getAbort().getHttpStatus());
  }

  @Test
  void shouldStripSourceConditionsTheEngineAlreadyDecided() {
    mesh.apply(VIRTUAL_SERVICES, "bookinfo/details-by-source");
    assertEquals(List.of(uri(MatchKind.PREFIX, "/details")), rule(mesh.snapshot(PRODUCTPAGE_V1), DETAILS, "from-productpage").getMatch());
    assertEquals(List.of(HttpMatchRequest.newBuilder().build()), rule(mesh.snapshot(TESTER_PROXY), DETAILS, "from-qa").getMatch(),
        "a match on the source namespace alone matches every request of the proxies it was kept for");
  }

  @Test
  void shouldDropOnlyTheMatchEntriesMeantForOtherSources() {
    mesh.apply(VIRTUAL_SERVICES, "bookinfo/details-by-source");
    HttpMatchRequest fromProductpage = HttpMatchRequest.newBuilder()
        .setHeaders(Map.of("x-from", new StringMatch(MatchKind.EXACT, "productpage"))).build();
    assertEquals(List.of(fromProductpage, uri(MatchKind.PREFIX, "/public")), rule(mesh.snapshot(PRODUCTPAGE_V1), DETAILS, "mixed").getMatch());
    assertEquals(List.of(uri(MatchKind.PREFIX, "/public")), rule(mesh.snapshot(REVIEWS_V1), DETAILS, "mixed").getMatch());
  }

  private ProxySnapshot reviewsByUri() {
    return mesh.apply(DESTINATION_RULES, "bookinfo/reviews-subsets").apply(VIRTUAL_SERVICES, "bookinfo/reviews-uri").snapshot(PRODUCTPAGE_V1);
  }

  private RouteRule ratingsRule(String name) {
    RouteRule rule = rule(mesh.apply(VIRTUAL_SERVICES, "bookinfo/ratings-match").snapshot(PRODUCTPAGE_V1), RATINGS, name);
    assertEquals(List.of(cluster(RATINGS) + "=100"), split(rule));
    return rule;
  }

  private static HttpMatchRequest uri(MatchKind kind, String value) {
    return HttpMatchRequest.newBuilder().setUri(new StringMatch(kind, value)).build();
  }
}
