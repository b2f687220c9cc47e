package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.snapshot.Specs.RATINGS;
import static dev.meshlog.engine.snapshot.Specs.REVIEWS;
import static dev.meshlog.engine.snapshot.Specs.dest;
import static dev.meshlog.engine.snapshot.Specs.http;
import static dev.meshlog.engine.snapshot.Specs.labels;
import static dev.meshlog.engine.snapshot.Specs.vs;
import static dev.meshlog.engine.snapshot.TestMesh.cluster;
import static dev.meshlog.engine.snapshot.TestMesh.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Destination;
import dev.meshlog.avro.FaultAbort;
import dev.meshlog.avro.FaultDelay;
import dev.meshlog.avro.HeaderOperations;
import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.avro.HttpDirectResponse;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRedirect;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.HttpRewrite;
import dev.meshlog.avro.L4MatchAttributes;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every HTTPRoute and TCPRoute field of a VirtualService, as it reaches a proxy's snapshot. */
class HttpRouteAssemblyTest {

  private static TestMesh mesh() {
    return new TestMesh()
        .workload("client", "default", "client", null, "client", 0)
        .workload("tester", "qa", "tester", null, "tester", 0)
        .workload("reviews-v1", "default", "reviews", "v1", null, 9081)
        .workload("reviews-v2", "default", "reviews", "v2", null, 9082)
        .workload("ratings-v1", "default", "ratings", "v1", null, 9083);
  }

  private static StringMatch prefix(String value) {
    return new StringMatch(MatchKind.PREFIX, value);
  }

  @Test
  void shouldCarryUriAndHeaderMatchesInOrderAndStripTheSourceConditionsItDecided() {
    HttpMatchRequest forClients = HttpMatchRequest.newBuilder().setUri(prefix("/api"))
        .setHeaders(new LinkedHashMap<>(Map.of("x-user", new StringMatch(MatchKind.EXACT, "jason"))))
        .setSourceLabels(new LinkedHashMap<>(labels("app", "client"))).build();
    var spec = vs(REVIEWS, http(dest(REVIEWS, null, 100).build()).setName("api").setMatch(List.of(forClients)).build(),
        http(dest(RATINGS, null, 100).build()).setName("rest").build());

    ProxyConfig config = mesh().policy("VirtualService", "default", "reviews", spec).config("client");

    List<ProxyConfig.Rule> rules = route(config, REVIEWS).rules();
    assertEquals(List.of("api", "rest"), rules.stream().map(ProxyConfig.Rule::name).toList());
    HttpMatchRequest match = rules.get(0).match().get(0);
    assertEquals(prefix("/api"), match.getUri());
    assertEquals(new StringMatch(MatchKind.EXACT, "jason"), match.getHeaders().get("x-user"));
    assertTrue(match.getSourceLabels().isEmpty(), "decided by the engine, not sent");
    assertEquals(List.of(new ProxyConfig.WeightedCluster("outbound|80||" + RATINGS, 100)), rules.get(1).clusters());
  }

  @Test
  void shouldDropRoutesWhoseSourceLabelsOrNamespaceDoNotFitTheProxy() {
    HttpMatchRequest fromClient = HttpMatchRequest.newBuilder().setSourceLabels(new LinkedHashMap<>(labels("app", "client"))).build();
    HttpMatchRequest fromQa = HttpMatchRequest.newBuilder().setSourceNamespace("qa").setUri(prefix("/qa")).build();
    var spec = vs(REVIEWS, http(dest(REVIEWS, null, 100).build()).setName("clients").setMatch(List.of(fromClient)).build(),
        http(dest(REVIEWS, null, 100).build()).setName("qa").setMatch(List.of(fromQa, fromClient)).build());
    TestMesh mesh = mesh().policy("VirtualService", "default", "reviews", spec);

    assertEquals(List.of("clients", "qa"), route(mesh.config("client"), REVIEWS).rules().stream().map(ProxyConfig.Rule::name).toList());
    List<ProxyConfig.Rule> tester = route(mesh.config("tester"), REVIEWS).rules();
    assertEquals(List.of("qa"), tester.stream().map(ProxyConfig.Rule::name).toList());
    assertEquals(1, tester.get(0).match().size(), "only the match entry that fits the tester is left");
    assertEquals(prefix("/qa"), tester.get(0).match().get(0).getUri());
  }

  @Test
  void shouldFallBackToTheCatchAllRouteWhenNoRouteFitsTheProxy() {
    HttpMatchRequest fromClient = HttpMatchRequest.newBuilder().setSourceLabels(new LinkedHashMap<>(labels("app", "client"))).build();
    var spec = vs(REVIEWS, http(dest(REVIEWS, "v1", 100).build()).setMatch(List.of(fromClient)).build());

    ProxyConfig tester = mesh().policy("VirtualService", "default", "reviews", spec).config("tester");

    assertEquals(List.of(new ProxyConfig.Rule("", List.of(new ProxyConfig.WeightedCluster("outbound|80||" + REVIEWS, 100)))),
        route(tester, REVIEWS).rules());
  }

  @Test
  void shouldCarryRedirectRewriteDirectResponseHeadersTimeoutRetriesAndFault() {
    HeadersSpec headers = HeadersSpec.newBuilder().setRequest(HeaderOperations.newBuilder()
        .setSet(new LinkedHashMap<>(Map.of("x-b", "2", "x-a", "1"))).setRemove(List.of("x-debug")).build()).build();
    HeadersSpec perDestination = HeadersSpec.newBuilder().setResponse(HeaderOperations.newBuilder()
        .setAdd(new LinkedHashMap<>(Map.of("x-served-by", "v2"))).build()).build();
    HttpRetrySpec retries = HttpRetrySpec.newBuilder().setAttempts(3).setPerTryTimeoutMs(250L).setRetryOn(List.of("5xx")).build();
    HttpFaultSpec fault = HttpFaultSpec.newBuilder().setDelay(FaultDelay.newBuilder().setFixedDelayMs(500).setPercentage(10.0).build())
        .setAbort(FaultAbort.newBuilder().setHttpStatus(503).setPercentage(5.0).build()).build();
    var spec = vs(REVIEWS,
        http().setRoute(List.of()).setName("old").setRedirect(HttpRedirect.newBuilder().setUri("/v2").setRedirectCode(308).build()).build(),
        http().setRoute(List.of()).setName("gone").setDirectResponse(new HttpDirectResponse(410, "gone")).build(),
        http(dest(REVIEWS, null, 100).setHeaders(perDestination).build()).setName("main")
            .setRewrite(HttpRewrite.newBuilder().setUri("/").setAuthority("reviews").build()).setHeaders(headers)
            .setTimeoutMs(1500L).setRetries(retries).setFault(fault).build());

    List<ProxyConfig.Rule> rules = route(mesh().policy("VirtualService", "default", "reviews", spec).config("client"), REVIEWS).rules();

    assertEquals(308, rules.get(0).redirect().orElseThrow().getRedirectCode());
    assertTrue(rules.get(0).clusters().isEmpty());
    assertEquals(new HttpDirectResponse(410, "gone"), rules.get(1).directResponse().orElseThrow());
    ProxyConfig.Rule main = rules.get(2);
    assertEquals("/", main.rewrite().orElseThrow().getUri());
    assertEquals(List.of("x-a", "x-b"), List.copyOf(main.headers().orElseThrow().getRequest().getSet().keySet()), "maps in key order");
    assertEquals(Optional.of(1500L), main.timeoutMs());
    assertEquals(retries, main.retries().orElseThrow());
    assertEquals(fault, main.fault().orElseThrow());
    assertEquals(Optional.of(perDestination), main.clusters().get(0).headers());
  }

  @Test
  void shouldNameTheMirrorClusterAndDefaultItsPercentageTo100() {
    Destination mirror = Destination.newBuilder().setHost(RATINGS).setSubset(null).build();
    var spec = vs(REVIEWS, http(dest(REVIEWS, null, 100).build()).setMirror(mirror).build());

    ProxyConfig config = mesh().policy("VirtualService", "default", "reviews", spec).config("client");

    ProxyConfig.Rule rule = route(config, REVIEWS).rules().get(0);
    assertEquals(Optional.of("outbound|80||" + RATINGS), rule.mirrorCluster());
    assertEquals(Optional.of(100.0), rule.mirrorPercentage());
    assertEquals(List.of("VirtualService/default/reviews"), cluster(config, "outbound|80||" + RATINGS).provenance());
  }

  @Test
  void shouldGiveTheHostToTheOldestVirtualServiceWhenTwoClaimIt() {
    var first = vs(REVIEWS, http(dest(REVIEWS, "v1", 100).build()).setName("first").build());
    var second = vs(REVIEWS, http(dest(REVIEWS, "v2", 100).build()).setName("second").build());
    TestMesh mesh = mesh().policy("VirtualService", "default", "zz-first", first).policy("VirtualService", "default", "aa-second", second);

    assertEquals("first", route(mesh.config("client"), REVIEWS).rules().get(0).name());
    // an update does not make it younger
    mesh.policy("VirtualService", "default", "zz-first", vs(REVIEWS, http(dest(REVIEWS, "v1", 100).build()).setName("first-edited").build()));
    assertEquals("first-edited", route(mesh.config("client"), REVIEWS).rules().get(0).name());
    mesh.delete("VirtualService", "default", "zz-first");
    assertEquals("second", route(mesh.config("client"), REVIEWS).rules().get(0).name());
  }

  @Test
  void shouldTurnTcpRoutesIntoTcpRoutesOnTheMatchPortOrTheServicePort() {
    TcpRouteSpec onPort = TcpRouteSpec.newBuilder().setMatch(List.of(L4MatchAttributes.newBuilder().setPort(3306).build()))
        .setRoute(List.of(dest(RATINGS, null, 100).build())).build();
    TcpRouteSpec forQaOnly = TcpRouteSpec.newBuilder().setMatch(List.of(L4MatchAttributes.newBuilder().setSourceNamespace("qa").build()))
        .setRoute(List.of(dest(REVIEWS, "v1", 50).build(), dest(REVIEWS, "v2", 50).build())).build();
    VirtualServiceSpec spec = VirtualServiceSpec.newBuilder().setHosts(List.of(REVIEWS)).setTcp(List.of(onPort, forQaOnly)).build();
    TestMesh mesh = mesh().policy("VirtualService", "default", "reviews", spec);

    List<ProxyConfig.TcpRoute> client = mesh.config("client").tcpRoutes();
    assertEquals(1, client.size());
    assertEquals(3306, client.get(0).port());
    assertEquals(List.of(new ProxyConfig.WeightedCluster("outbound|80||" + RATINGS, 100)), client.get(0).clusters());
    assertEquals(List.of("VirtualService/default/reviews"), client.get(0).provenance());
    ProxyConfig tester = mesh.config("tester");
    assertEquals(List.of(80, 3306), tester.tcpRoutes().stream().map(ProxyConfig.TcpRoute::port).toList());
    assertEquals(List.of(new ProxyConfig.WeightedCluster("outbound|80|v1|" + REVIEWS, 50), new ProxyConfig.WeightedCluster("outbound|80|v2|" + REVIEWS, 50)),
        tester.tcpRoutes().get(0).clusters());
    cluster(tester, "outbound|80|v2|" + REVIEWS); // the split's clusters exist
  }

  @Test
  void shouldRouteAnUnmatchedHostToItsDefaultClusterWithTheHostsShortNamesFromItsNamespace() {
    ProxyConfig config = mesh().config("client");

    assertEquals(List.of(RATINGS, REVIEWS), config.routes().stream().map(ProxyConfig.Route::name).toList());
    assertEquals(List.of(REVIEWS, "reviews.default.svc", "reviews.default", "reviews"), route(config, REVIEWS).domains());
    assertEquals(List.of("outbound|80||" + RATINGS, "outbound|80||" + REVIEWS), config.clusters().stream().map(ProxyConfig.Cluster::name).toList());
  }
}
