package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.fixture;
import static dev.meshlog.ingest.policy.Documents.parsedOne;
import static dev.meshlog.ingest.policy.Documents.refused;
import static dev.meshlog.ingest.policy.Documents.refusedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meshlog.avro.HeaderOperations;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualServiceDocumentsTest {

  private static final String REVIEWS = "reviews.shop.svc.cluster.local";

  private static final String HEADER = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews}
      spec:
        hosts: [reviews]
        http:
        - route:
          - destination: {host: reviews}
      """;

  @Test
  void shouldReadEveryMatchField() {
    VirtualServiceSpec spec = full();
    assertEquals(List.of(REVIEWS), spec.getHosts());
    assertEquals(List.of("mesh"), spec.getGateways());
    HttpMatchRequest match = spec.getHttp().get(0).getMatch().get(0);
    assertEquals("jason", match.getName());
    assertEquals(new StringMatch(MatchKind.PREFIX, "/api/v1"), match.getUri());
    assertEquals(new StringMatch(MatchKind.EXACT, "GET"), match.getMethod());
    assertEquals(Map.of("end-user", new StringMatch(MatchKind.EXACT, "jason"),
        "x-trace", new StringMatch(MatchKind.REGEX, "^[a-f0-9]{16}$")), match.getHeaders());
    assertEquals(Map.of("x-debug", new StringMatch(MatchKind.PREFIX, "1")), match.getWithoutHeaders());
    assertEquals(Map.of("preview", new StringMatch(MatchKind.EXACT, "true")), match.getQueryParams());
    assertEquals(9080, match.getPort());
    assertEquals(Map.of("app", "productpage", "version", "v1"), match.getSourceLabels());
    assertEquals("frontend", match.getSourceNamespace());
  }

  @Test
  void shouldReadWeightedDestinationsWithResolvedHostsAndHeaders() {
    List<WeightedDestination> route = full().getHttp().get(0).getRoute();
    WeightedDestination canary = route.get(0);
    assertEquals(REVIEWS, canary.getHost());
    assertEquals("v2", canary.getSubset());
    assertEquals(9080, canary.getPort());
    assertEquals(25, canary.getWeight());
    assertEquals(Map.of("x-canary", "yes"), canary.getHeaders().getRequest().getSet());
    assertNull(canary.getHeaders().getResponse());
    assertEquals("reviews.other.svc.cluster.local", route.get(1).getHost(), "a fully qualified name stays as written");
    assertEquals(75, route.get(1).getWeight());
    assertNull(route.get(1).getHeaders());
  }

  @Test
  void shouldReadRouteFeaturesWithDurationsInMillis() {
    HttpRouteSpec http = full().getHttp().get(0);
    assertEquals("canary", http.getName());
    assertEquals("/v1", http.getRewrite().getUri());
    assertEquals("reviews.internal", http.getRewrite().getAuthority());
    HeaderOperations request = http.getHeaders().getRequest();
    assertEquals(Map.of("x-a", "two", "x-b3", "1"), request.getSet());
    assertEquals(List.of("x-a", "x-b3"), List.copyOf(request.getSet().keySet()));
    assertEquals(Map.of("x-added", "v"), request.getAdd());
    assertEquals(List.of("x-secret"), request.getRemove());
    assertEquals(List.of("server"), http.getHeaders().getResponse().getRemove());
    assertEquals(1500L, http.getTimeoutMs());
    assertEquals(3, http.getRetries().getAttempts());
    assertEquals(250L, http.getRetries().getPerTryTimeoutMs());
    assertEquals(List.of("5xx", "connect-failure"), http.getRetries().getRetryOn());
    assertEquals(2000L, http.getFault().getDelay().getFixedDelayMs());
    assertEquals(10.0, http.getFault().getDelay().getPercentage());
    assertEquals(503, http.getFault().getAbort().getHttpStatus());
    assertEquals(0.5, http.getFault().getAbort().getPercentage());
    assertEquals("reviews-shadow.shop.svc.cluster.local", http.getMirror().getHost());
    assertEquals("v3", http.getMirror().getSubset());
    assertEquals(9081, http.getMirror().getPort());
    assertEquals(12.5, http.getMirrorPercentage());
    assertNull(http.getRedirect());
    assertNull(http.getDirectResponse());
  }

  @Test
  void shouldReadRedirectDirectResponseAndSoleDestination() {
    List<HttpRouteSpec> http = full().getHttp();
    HttpRouteSpec moved = http.get(1);
    assertEquals(List.of(), moved.getRoute());
    assertEquals("/new", moved.getRedirect().getUri());
    assertEquals("new.shop.svc.cluster.local", moved.getRedirect().getAuthority());
    assertEquals(308, moved.getRedirect().getRedirectCode());
    HttpRouteSpec teapot = http.get(2);
    assertEquals(new StringMatch(MatchKind.REGEX, "/tea(pot)?"), teapot.getMatch().get(0).getUri());
    assertEquals(418, teapot.getDirectResponse().getStatus());
    assertEquals("I'm a teapot", teapot.getDirectResponse().getBody());
    HttpRouteSpec fallback = http.get(3);
    assertEquals(100, fallback.getRoute().get(0).getWeight());
    assertEquals(60_000L, fallback.getTimeoutMs());
    assertNull(fallback.getRetries());
    assertNull(fallback.getMirrorPercentage());
  }

  @Test
  void shouldReadTcpRoutes() {
    TcpRouteSpec tcp = full().getTcp().get(0);
    assertEquals(27017, tcp.getMatch().get(0).getPort());
    assertEquals(Map.of("app", "mongo-client"), tcp.getMatch().get(0).getSourceLabels());
    assertEquals("data", tcp.getMatch().get(0).getSourceNamespace());
    assertEquals(List.of("mongo.shop.svc.cluster.local", "mongo-replica.shop.svc.cluster.local"),
        tcp.getRoute().stream().map(WeightedDestination::getHost).toList());
    assertEquals(List.of(60, 40), tcp.getRoute().stream().map(WeightedDestination::getWeight).toList());
  }

  @Test
  void shouldDefaultRedirectCodeAndFaultPercentageLikeIstio() {
    HttpRouteSpec http = spec(parsedOne(HEADER + """
            fault: {delay: {fixedDelay: 5s}}
          - redirect: {uri: /x}
        """)).getHttp().get(1);
    assertEquals(301, http.getRedirect().getRedirectCode());
    assertEquals(0.0, spec(parsedOne(HEADER + "    fault: {delay: {fixedDelay: 5s}}\n")).getHttp().get(0).getFault()
        .getDelay().getPercentage());
  }

  @Test
  void shouldRequireExactlyOneOfRouteRedirectDirectResponse() {
    refusedAt(HEADER + "    redirect: {uri: /x}\n", "spec.http[0]", "exactly one of route, redirect, directResponse");
    refusedAt(HEADER.replace("""
          - route:
            - destination: {host: reviews}
        """, "  - name: nothing\n"), "spec.http[0].route", "at least one destination is required");
  }

  @Test
  void shouldRefuseInvalidDurationsNamingTheField() {
    refusedAt(HEADER + "    timeout: 10\n", "spec.http[0].timeout", "must be a string");
    refusedAt(HEADER + "    timeout: 10 s\n", "spec.http[0].timeout", "is not a duration");
    refusedAt(HEADER + "    retries: {attempts: 2, perTryTimeout: -1s}\n", "spec.http[0].retries.perTryTimeout", "negative");
    refusedAt(HEADER + "    retries: {attempts: 2, perTryTimeout: 1500us}\n", "spec.http[0].retries.perTryTimeout", "finer than");
  }

  @Test
  void shouldRefuseBadRegexesAndOverlongOnes() {
    String bad = HEADER + "    match:\n    - uri: {regex: \"(unclosed\"}\n";
    refusedAt(bad, "spec.http[0].match[0].uri.regex", "is not a valid RE2 regex");
    String longRegex = HEADER + "    match:\n    - headers: {x-id: {regex: \"" + "a".repeat(1025) + "\"}}\n";
    refusedAt(longRegex, "spec.http[0].match[0].headers.x-id.regex", "at most 1024");
  }

  @Test
  void shouldRefuseStringMatchWithTwoKinds() {
    refusedAt(HEADER + "    match:\n    - uri: {exact: /a, prefix: /b}\n", "spec.http[0].match[0].uri", "exactly one of exact, prefix, regex");
  }

  @Test
  void shouldRefuseWeightsAbove100() {
    refusedAt(HEADER.replace("    - destination: {host: reviews}\n", """
            - {destination: {host: reviews, subset: v1}, weight: 120}
            - {destination: {host: reviews, subset: v2}, weight: -20}
        """), "spec.http[0].route[0].weight", "must be <= 100");
  }

  @Test
  void shouldRefuseTcpWeightsNotSummingTo100() {
    refusedAt("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: db}
        spec:
          hosts: [db]
          tcp:
          - route:
            - {destination: {host: db}, weight: 50}
            - {destination: {host: db2}, weight: 40}
        """, "spec.tcp[0].route", "weights sum to 90");
  }

  @Test
  void shouldRefuseOutOfRangeStatusesAndUnknownRetryConditions() {
    refusedAt(HEADER.replace("  - route:\n    - destination: {host: reviews}\n", "  - directResponse: {status: 99}\n"),
        "spec.http[0].directResponse.status", "between 200 and 599");
    refusedAt(HEADER + "    retries: {attempts: 1, retryOn: \"5xx,sometimes\"}\n", "spec.http[0].retries.retryOn", "'sometimes'");
    refusedAt(HEADER + "    fault: {abort: {httpStatus: 700, percentage: {value: 5}}}\n", "spec.http[0].fault.abort.httpStatus", "599");
    refusedAt(HEADER + "    mirror: {host: shadow}\n    mirrorPercentage: {value: 101}\n", "spec.http[0].mirrorPercentage.value",
        "between 0 and 100");
    refusedAt(HEADER + "    mirror: {host: shadow}\n    mirrorPercentage: {value: half}\n", "spec.http[0].mirrorPercentage.value",
        "must be a number");
  }

  @Test
  void shouldRefuseUppercaseHeaderMatchNames() {
    refusedAt(HEADER + "    match:\n    - headers: {X-User: {exact: a}}\n", "spec.http[0].match[0].headers.X-User", "lower case");
  }

  @Test
  void shouldRefuseUnsupportedFieldsAtTheirPaths() {
    refusedAt(HEADER + "    corsPolicy: {allowOrigins: [{exact: x}]}\n", "spec.http[0].corsPolicy", "not supported by Meshlog");
    refusedAt(HEADER + "    match:\n    - ignoreUriCase: true\n", "spec.http[0].match[0].ignoreUriCase", "not supported by Meshlog");
    refusedAt(HEADER + "    redirect: {uri: /a, scheme: https}\n", "spec.http[0].redirect.scheme", "not supported by Meshlog");
    refusedAt(HEADER + "  exportTo: [\".\"]\n", "spec.exportTo", "not supported by Meshlog");
    refusedAt(HEADER + "  tls: []\n", "spec.tls", "not supported by Meshlog");
  }

  @Test
  void shouldRefuseGatewaysOtherThanMeshNamingTheField() {
    refusedAt(HEADER + "  gateways: [istio-system/ingress]\n", "spec.gateways[0]", "gateway 'istio-system/ingress'");
  }

  @Test
  void shouldAcceptExternalHostsOfServiceEntries() {
    VirtualServiceSpec spec = spec(parsedOne("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: httpbin}
        spec:
          hosts: [httpbin.example.com]
          http:
          - timeout: 3s
            route:
            - destination: {host: httpbin.example.com}
        """));
    assertEquals(List.of("httpbin.example.com"), spec.getHosts());
  }

  @Test
  void shouldReportEveryErrorOfTheRouteWithFileAndPath() {
    List<ValidationError> errors = refused("route.yaml", HEADER + "    timeout: soon\n    retries: {perTryTimeout: 1s}\n");

    assertEquals(List.of("spec.http[0].timeout", "spec.http[0].retries.attempts"),
        errors.stream().map(ValidationError::path).toList());
  }

  private static VirtualServiceSpec full() {
    return spec(parsedOne(fixture("virtualservice-full.yaml")));
  }

  private static VirtualServiceSpec spec(PolicyCommand command) {
    return assertInstanceOf(VirtualServiceSpec.class, command.getSpec());
  }
}
