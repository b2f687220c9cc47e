package dev.meshlog.engine.roundtrip;

import static dev.meshlog.engine.roundtrip.Bookinfo.DETAILS;
import static dev.meshlog.engine.roundtrip.Bookinfo.MONGODB;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.RATINGS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.TESTER;
import static dev.meshlog.engine.roundtrip.Bookinfo.cluster;
import static dev.meshlog.engine.roundtrip.Snapshots.clusterNames;
import static dev.meshlog.engine.roundtrip.Snapshots.route;
import static dev.meshlog.engine.roundtrip.Snapshots.rule;
import static dev.meshlog.engine.roundtrip.Snapshots.split;
import static dev.meshlog.engine.roundtrip.Snapshots.tcpRoute;
import static dev.meshlog.engine.roundtrip.Snapshots.weighted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.FaultAbort;
import dev.meshlog.avro.FaultDelay;
import dev.meshlog.avro.HeaderOperations;
import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.avro.HttpDirectResponse;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.avro.HttpRedirect;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.HttpRewrite;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.TcpRouteConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a VirtualService route does to a request, from YAML to the rule a proxy receives. */
class VirtualServiceRouteRoundTripTest extends MeshRoundTrip {

  @Test
  void shouldSplitTrafficByWeightWithPerDestinationHeaders() {
    ProxySnapshot snapshot = mesh.apply(DESTINATION_RULES, "bookinfo/reviews-subsets").apply(VIRTUAL_SERVICES, "bookinfo/reviews-weighted")
        .snapshot(PRODUCTPAGE_V1);
    RouteRule canary = rule(snapshot, REVIEWS, "canary");
    assertEquals(List.of(cluster(80, "v1", REVIEWS) + "=75", cluster(80, "v2", REVIEWS) + "=25"), split(canary));
    assertEquals(new HeadersSpec(new HeaderOperations(Map.of("x-canary", "no"), Map.of(), List.of()), null),
        weighted(canary, cluster(80, "v1", REVIEWS)).getHeaders());
    assertEquals(new HeadersSpec(new HeaderOperations(Map.of("x-canary", "yes"), Map.of(), List.of()),
        new HeaderOperations(Map.of(), Map.of("x-served-by", "reviews-v2"), List.of())), weighted(canary, cluster(80, "v2", REVIEWS)).getHeaders());
    assertNull(canary.getHeaders(), "the operations belong to each destination, not to the rule");
  }

  @Test
  void shouldCarryARedirectWithoutClusters() {
    RouteRule moved = productpageRule("moved");
    assertEquals(new HttpRedirect("/productpage", PRODUCTPAGE, 308), moved.getRedirect());
    assertEquals(List.of(), moved.getClusters(), "a redirect answers the request itself");
  }

  @Test
  void shouldCarryARewrite() {
    RouteRule legacy = productpageRule("legacy");
    assertEquals(new HttpRewrite("/", "productpage.internal"), legacy.getRewrite());
    assertEquals(List.of(cluster(PRODUCTPAGE) + "=100"), split(legacy));
  }

  @Test
  void shouldCarryADirectResponseWithoutClusters() {
    ProxySnapshot snapshot = mesh.apply(VIRTUAL_SERVICES, "bookinfo/productpage-actions").snapshot(PRODUCTPAGE_V1);
    RouteRule maintenance = rule(snapshot, PRODUCTPAGE, "maintenance");
    assertEquals(new HttpDirectResponse(503, "down for maintenance"), maintenance.getDirectResponse());
    assertEquals(List.of(), maintenance.getClusters());
    assertNull(rule(snapshot, PRODUCTPAGE, "default").getDirectResponse(), "only the rule that says so answers directly");
  }

  @Test
  void shouldCarryRequestAndResponseHeaderOperations() {
    HeadersSpec expected = new HeadersSpec(
        new HeaderOperations(Map.of("x-request-set", "1"), Map.of("x-request-add", "2"), List.of("x-request-secret")),
        new HeaderOperations(Map.of("x-response-set", "3"), Map.of("x-response-add", "4"), List.of("server")));
    assertEquals(expected, ratingsRule("headers").getHeaders());
  }

  @Test
  void shouldCarryTheTimeoutInMilliseconds() {
    ProxySnapshot snapshot = ratings();
    assertEquals(1500L, rule(snapshot, RATINGS, "slow").getTimeoutMs());
    assertNull(rule(snapshot, RATINGS, "chaos").getTimeoutMs(), "no timeout written: the proxy's default");
  }

  @Test
  void shouldCarryRetries() {
    assertEquals(new HttpRetrySpec(3, 250L, List.of("5xx", "connect-failure", "503")), ratingsRule("slow").getRetries());
  }

  @Test
  void shouldCarryFaultDelayAndAbort() {
    assertEquals(new HttpFaultSpec(new FaultDelay(2000L, 10.0), new FaultAbort(500, 0.5)), ratingsRule("chaos").getFault());
  }

  @Test
  void shouldMirrorToTheSubsetClusterAtThePercentageWritten() {
    ProxySnapshot snapshot = ratings();
    RouteRule shadowed = rule(snapshot, RATINGS, "shadowed");
    assertEquals(cluster(80, "v3", REVIEWS), shadowed.getMirrorCluster());
    assertEquals(12.5, shadowed.getMirrorPercentage());
    assertTrue(clusterNames(snapshot).contains(cluster(80, "v3", REVIEWS)), "the mirror's cluster is sent too: " + clusterNames(snapshot));
  }

  @Test
  void shouldMirrorEveryRequestWhenNoPercentageIsWritten() {
    RouteRule fullyShadowed = ratingsRule("fully-shadowed");
    assertEquals(cluster(DETAILS), fullyShadowed.getMirrorCluster());
    assertEquals(100.0, fullyShadowed.getMirrorPercentage());
  }

  @Test
  void shouldRouteTcpConnectionsByPortAndWeight() {
    ProxySnapshot snapshot = mesh.apply(VIRTUAL_SERVICES, "bookinfo/mongodb").snapshot(PRODUCTPAGE_V1);
    TcpRouteConfig mongo = tcpRoute(snapshot, MONGODB, 27017);
    assertEquals(List.of(cluster(27017, "v1", MONGODB) + "=80", cluster(27017, "v2", MONGODB) + "=20"), tcpSplit(mongo));
    assertEquals(List.of("VirtualService/bookinfo/mongodb"), mongo.getProvenance());
    assertEquals(1, snapshot.getTcpRoutes().size(), "only the VirtualService's tcp route: " + snapshot.getTcpRoutes());
  }

  @Test
  void shouldDecideTcpSourceLabelsPerProxy() {
    mesh.apply(VIRTUAL_SERVICES, "bookinfo/mongodb-by-source");
    assertEquals(List.of(cluster(27017, "v2", MONGODB) + "=100"), tcpSplit(tcpRoute(mesh.snapshot(REVIEWS_V1), MONGODB, 27017)),
        "the first route for the port whose match fits the proxy wins");
    assertEquals(List.of(cluster(27017, "v1", MONGODB) + "=80", cluster(27017, "v2", MONGODB) + "=20"),
        tcpSplit(tcpRoute(mesh.snapshot(PRODUCTPAGE_V1), MONGODB, 27017)));
  }

  @Test
  void shouldCompleteShortNamesInTheResourceNamespace() {
    ProxySnapshot snapshot = mesh.apply(VIRTUAL_SERVICES, "qa/tester-short-names").snapshot(PRODUCTPAGE_V1);
    RouteRule shortNames = rule(snapshot, TESTER, "short");
    assertEquals(List.of(cluster(TESTER) + "=100"), split(shortNames), "tester in a qa document is tester.qa, whoever calls it");
    assertEquals(cluster(80, "shadow", TESTER), shortNames.getMirrorCluster());
    assertEquals(List.of("VirtualService/qa/tester-short-names"), route(snapshot, TESTER).getProvenance());
  }

  @Test
  void shouldKeepAHostWithADotAsWritten() {
    ProxySnapshot snapshot = mesh.apply(VIRTUAL_SERVICES, "bookinfo/details-dotted").snapshot(PRODUCTPAGE_V1);
    assertEquals(List.of(cluster("httpbin.org") + "=100"), split(rule(snapshot, DETAILS, "dotted")));
    assertTrue(clusterNames(snapshot).contains(cluster("httpbin.org")), clusterNames(snapshot).toString());
  }

  private static List<String> tcpSplit(TcpRouteConfig route) {
    return route.getClusters().stream().map(c -> c.getCluster() + "=" + c.getWeight()).toList();
  }

  private RouteRule productpageRule(String name) {
    return rule(mesh.apply(VIRTUAL_SERVICES, "bookinfo/productpage-actions").snapshot(PRODUCTPAGE_V1), PRODUCTPAGE, name);
  }

  private ProxySnapshot ratings() {
    return mesh.apply(DESTINATION_RULES, "bookinfo/reviews-subsets").apply(VIRTUAL_SERVICES, "bookinfo/ratings-features")
        .snapshot(PRODUCTPAGE_V1);
  }

  private RouteRule ratingsRule(String name) {
    return rule(ratings(), RATINGS, name);
  }
}
