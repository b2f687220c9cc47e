package dev.meshlog.proxy.snapshot.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AuthorizationConfig;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.ClientTlsMode;
import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.AuthzSource;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.EndpointConfig;
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
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.TcpRouteConfig;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.proxy.circuit.CircuitLimits;
import dev.meshlog.proxy.mtls.UpstreamTlsMode;
import dev.meshlog.proxy.outlier.OutlierPolicy;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.FaultInjection;
import dev.meshlog.proxy.route.MirrorPolicy;
import dev.meshlog.proxy.route.Percentage;
import dev.meshlog.proxy.route.Rule;
import dev.meshlog.proxy.route.RuleAction;
import dev.meshlog.proxy.snapshot.Snapshot;
import dev.meshlog.proxy.snapshot.SnapshotValidator;
import dev.meshlog.proxy.tcp.TcpRoute;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class UnenforceableFeaturesTest {

  private static final String HOST = "reviews.default.svc.cluster.local";
  private static final String CLUSTER = "outbound|80||" + HOST;

  private static RouteRule.Builder plainRule() {
    return RouteRule.newBuilder().setName("r").setClusters(List.of(new WeightedCluster(CLUSTER, 100, null)));
  }

  private static ProxySnapshot.Builder snapshot(RouteRule rule) {
    return ProxySnapshot.newBuilder().setProxyId("p").setVersion(1).setHash("h")
        .setRoutes(List.of(RouteConfig.newBuilder().setName(HOST).setDomains(List.of(HOST)).setRules(List.of(rule)).build()))
        .setClusters(List.of(ClusterConfig.newBuilder().setName(CLUSTER).setHost(HOST).setPort(80)
            .setEndpoints(List.of(new EndpointConfig("127.0.0.1", 8080, "w", Map.of(), 1, ""))).build()));
  }

  @Test
  void shouldApplyASnapshotThatUsesOnlyWhatTheProxyEnforces() {
    ProxySnapshot wire = snapshot(plainRule().build()).build();
    assertTrue(new SnapshotValidator().validate(SnapshotWire.toDomain(wire)).isEmpty());
  }

  @Test
  void shouldApplyRetriesAndAClusterRetryLimit() {
    ProxySnapshot.Builder builder = snapshot(plainRule().setRetries(new HttpRetrySpec(3, 100L, List.of("5xx"))).build());
    builder.getClusters().get(0).setConnectionPool(ConnectionPoolSpec.newBuilder().setMaxRetries(4).build());
    ProxySnapshot wire = builder.build();
    assertTrue(new SnapshotValidator().validate(SnapshotWire.toDomain(wire)).isEmpty());
    assertEquals(OptionalInt.of(4), SnapshotWire.toDomain(wire).clusters().get(0).maxRetries());
  }

  @Test
  void shouldApplyEveryConnectionPoolLimitWithMaxRetries() {
    ProxySnapshot.Builder builder = snapshot(plainRule().build());
    builder.getClusters().get(0).setConnectionPool(ConnectionPoolSpec.newBuilder().setMaxRetries(4).setMaxConnections(10).build());
    Snapshot converted = SnapshotWire.toDomain(builder.build());
    assertEquals(List.of(), new SnapshotValidator().validate(converted));
    assertEquals(10, converted.clusters().get(0).limits().maxConnections());
    assertEquals(OptionalInt.of(4), converted.clusters().get(0).maxRetries());
  }

  @Test
  void shouldApplyTcpRoutesConvertedInSnapshotOrder() {
    ProxySnapshot wire = snapshot(plainRule().build()).setTcpRoutes(List.of(
        new TcpRouteConfig("mysql.db.svc.cluster.local", 3306, List.of(new WeightedCluster(CLUSTER, 100, null)), List.of()),
        new TcpRouteConfig("alpha.db.svc.cluster.local", 3306, List.of(new WeightedCluster(CLUSTER, 100, null)), List.of())))
        .build();

    Snapshot domain = SnapshotWire.toDomain(wire);

    assertTrue(new SnapshotValidator().validate(domain).isEmpty(), new SnapshotValidator().validate(domain).toString());
    assertEquals(List.of("mysql.db.svc.cluster.local:3306", "alpha.db.svc.cluster.local:3306"),
        domain.tcpRoutes().stream().map(TcpRoute::label).toList());
    assertEquals(List.of(new dev.meshlog.proxy.route.WeightedCluster(CLUSTER, 100)), domain.tcpRoutes().get(0).clusters());
  }

  @Test
  void shouldApplyAllowDenyAndAuditPoliciesCompiledIntoTheSnapshot() {
    var allow = new AuthorizationConfig("AuthorizationPolicy/default/only-admins", AuthzAction.ALLOW, List.of());
    var deny = new AuthorizationConfig("AuthorizationPolicy/default/no-debug", AuthzAction.DENY,
        List.of(AuthzRule.newBuilder().setTo(List.of(AuthzOperation.newBuilder().setPaths(List.of("/debug*")).build()))
            .setWhen(List.of(new AuthzCondition("request.headers[x-user]", List.of("tester"), List.of()))).build()));
    var audit = new AuthorizationConfig("AuthorizationPolicy/default/audit", AuthzAction.AUDIT, List.of());
    ProxySnapshot wire = snapshot(plainRule().build())
        .setInbound(new InboundPolicy(MtlsMode.PERMISSIVE, Map.of(), List.of(allow, deny, audit), List.of())).build();
    Snapshot domain = SnapshotWire.toDomain(wire);
    assertEquals(List.of(), new SnapshotValidator().validate(domain));
    assertEquals("InboundAuthorization[deny=1, allow=1, audit=1]", domain.authorization().toString());
  }

  @Test
  void shouldRefuseAConditionOnRequestAuthenticationOrAnExperimentalKeyNamingIt() {
    var jwt = new AuthorizationConfig("AuthorizationPolicy/default/jwt", AuthzAction.DENY, List.of(AuthzRule.newBuilder()
        .setWhen(List.of(new AuthzCondition("request.auth.claims[iss]", List.of("evil"), List.of()),
            new AuthzCondition("experimental.envoy.filters.network.mysql_proxy[db.table]", List.of("[update]"), List.of())))
        .build()));
    ProxySnapshot wire = snapshot(plainRule().build())
        .setInbound(new InboundPolicy(MtlsMode.PERMISSIVE, Map.of(), List.of(jwt), List.of())).build();
    assertEquals(List.of(
        "inbound AuthorizationPolicy AuthorizationPolicy/default/jwt (DENY) rule #0 condition on request.auth.claims[iss]"
            + ": not enforced by this proxy yet",
        "inbound AuthorizationPolicy AuthorizationPolicy/default/jwt (DENY) rule #0 condition on "
            + "experimental.envoy.filters.network.mysql_proxy[db.table]: not enforced by this proxy yet"),
        new SnapshotValidator().validate(SnapshotWire.toDomain(wire)));
  }

  @Test
  void shouldRefuseAPathTemplate() {
    var templated = new AuthorizationConfig("AuthorizationPolicy/default/t", AuthzAction.ALLOW, List.of(AuthzRule.newBuilder()
        .setTo(List.of(AuthzOperation.newBuilder().setPaths(List.of("/store/{*}/items")).build())).build()));
    ProxySnapshot wire = snapshot(plainRule().build())
        .setInbound(new InboundPolicy(MtlsMode.PERMISSIVE, Map.of(), List.of(templated), List.of())).build();
    List<String> errors = new SnapshotValidator().validate(SnapshotWire.toDomain(wire));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("path template /store/{*}/items"), errors.toString());
  }

  @Test
  void shouldRejectAnIpBlockOrPortThatIsNotOneNamingPolicyAndRule() {
    var badIp = new AuthorizationConfig("AuthorizationPolicy/default/ips", AuthzAction.DENY, List.of(AuthzRule.newBuilder()
        .setFrom(List.of(AuthzSource.newBuilder().setIpBlocks(List.of("10.0.0.0/33")).build())).build()));
    IllegalArgumentException ip = assertThrows(IllegalArgumentException.class, () -> SnapshotWire.toDomain(
        snapshot(plainRule().build()).setInbound(new InboundPolicy(MtlsMode.PERMISSIVE, Map.of(), List.of(badIp), List.of()))
            .build()));
    assertTrue(ip.getMessage().startsWith("inbound AuthorizationPolicy AuthorizationPolicy/default/ips rule #0: ipBlock"),
        ip.getMessage());
    var badPort = new AuthorizationConfig("AuthorizationPolicy/default/ports", AuthzAction.ALLOW, List.of(AuthzRule
        .newBuilder().setTo(List.of(AuthzOperation.newBuilder().setPorts(List.of("http")).build())).build()));
    IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> SnapshotWire.toDomain(
        snapshot(plainRule().build()).setInbound(new InboundPolicy(MtlsMode.PERMISSIVE, Map.of(), List.of(badPort),
            List.of())).build()));
    assertTrue(port.getMessage().contains("rule #0: port http is not a number"), port.getMessage());
  }

  @Test
  void shouldApplyStrictMtlsIstioMutualAndTheTrustBundle() {
    ProxySnapshot.Builder builder = snapshot(plainRule().build())
        .setInbound(new InboundPolicy(MtlsMode.STRICT, Map.of("8080", MtlsMode.PERMISSIVE), List.of(), List.of()))
        .setTrustDomain("example.org");
    builder.getClusters().get(0).setTls(new ClientTlsSpec(ClientTlsMode.ISTIO_MUTUAL));
    builder.getClusters().get(0).setEndpoints(List.of(
        new EndpointConfig("127.0.0.1", 8080, "w", Map.of(), 1, "spiffe://example.org/ns/default/sa/reviews")));
    Snapshot converted = SnapshotWire.toDomain(builder.build());
    assertEquals(List.of(), new SnapshotValidator().validate(converted));
    assertEquals(UpstreamTlsMode.ISTIO_MUTUAL, converted.clusters().get(0).tls());
    assertEquals("spiffe://example.org/ns/default/sa/reviews", converted.clusters().get(0).endpoints().get(0).identity());
    assertEquals(dev.meshlog.proxy.mtls.MtlsMode.PERMISSIVE, converted.security().inbound().modeFor(8080));
    assertEquals(dev.meshlog.proxy.mtls.MtlsMode.STRICT, converted.security().inbound().modeFor(9090));
    assertEquals("example.org", converted.security().trust().trustDomain());
  }

  @Test
  void shouldLeaveAClusterWithoutTlsOnAutoMtls() {
    Snapshot converted = SnapshotWire.toDomain(snapshot(plainRule().build()).build());
    assertEquals(UpstreamTlsMode.AUTO, converted.clusters().get(0).tls());
    assertEquals(dev.meshlog.proxy.mtls.MtlsMode.PERMISSIVE, converted.security().inbound().modeFor(8080));
  }

  @Test
  void shouldRejectATrustBundleEntryThatIsNoCertificate() {
    ProxySnapshot wire = snapshot(plainRule().build()).setTrustBundle(List.of("not a certificate")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnapshotWire.toDomain(wire));
    assertTrue(e.getMessage().startsWith("trust bundle"), e.getMessage());
  }

  private static HttpMatchRequest headerMatch(String name, MatchKind kind, String value) {
    return HttpMatchRequest.newBuilder().setHeaders(Map.of(name, new StringMatch(kind, value))).build();
  }

  private static HeadersSpec headers(String set) {
    HeaderOperations ops = HeaderOperations.newBuilder().setSet(Map.of(set, "1")).setRemove(List.of("x-debug")).build();
    return new HeadersSpec(ops, ops);
  }

  @Test
  void shouldApplyMatchesRewritesAndHeaderOperationsOnRulesAndDestinations() {
    RouteRule rule = RouteRule.newBuilder().setName("r")
        .setClusters(List.of(new WeightedCluster(CLUSTER, 100, headers("x-destination"))))
        .setMatch(List.of(HttpMatchRequest.newBuilder().setUri(new StringMatch(MatchKind.REGEX, "/a/[0-9]+"))
            .setMethod(new StringMatch(MatchKind.EXACT, "GET")).setPort(15001)
            .setQueryParams(Map.of("q", new StringMatch(MatchKind.PREFIX, "x")))
            .setWithoutHeaders(Map.of("x-canary", new StringMatch(MatchKind.EXACT, "1"))).build(),
            headerMatch(":authority", MatchKind.PREFIX, "reviews")))
        .setRewrite(new HttpRewrite("/b/", "ratings"))
        .setHeaders(headers("x-route"))
        .build();
    assertEquals(List.of(), new SnapshotValidator().validate(SnapshotWire.toDomain(snapshot(rule).build())));
  }

  @Test
  void shouldApplyARedirectAndADirectResponseWithoutClusters() {
    RouteRule redirect = RouteRule.newBuilder().setName("moved").setClusters(List.of())
        .setMatch(List.of(headerMatch("x-old", MatchKind.EXACT, "1"))).setRedirect(new HttpRedirect("/new", null, 301)).build();
    RouteRule direct = RouteRule.newBuilder().setName("gone").setClusters(List.of())
        .setDirectResponse(new HttpDirectResponse(410, "gone")).build();
    ProxySnapshot wire = snapshot(redirect).setRoutes(List.of(RouteConfig.newBuilder().setName(HOST).setDomains(List.of(HOST))
        .setRules(List.of(redirect, direct)).build())).build();
    assertEquals(List.of(), new SnapshotValidator().validate(SnapshotWire.toDomain(wire)));
  }

  @Test
  void shouldApplyTimeoutsFaultsAndAMirror() {
    RouteRule rule = plainRule().setTimeoutMs(500L)
        .setFault(new HttpFaultSpec(new FaultDelay(300L, 50.0), new FaultAbort(503, 10.0)))
        .setMirrorCluster(CLUSTER).build();
    List<String> errors = new SnapshotValidator().validate(SnapshotWire.toDomain(snapshot(rule).build()));
    assertEquals(List.of(), errors);
  }

  @Test
  void shouldMirrorEveryRequestWhenTheMirrorHasNoPercentage() {
    RouteRule rule = plainRule().setMirrorCluster(CLUSTER).build();
    Rule converted = SnapshotWire.toDomain(snapshot(rule).build()).hosts().get(0).rules().get(0);
    assertEquals(new MirrorPolicy(CLUSTER, Percentage.ALWAYS), converted.mirror());
    RouteRule half = plainRule().setMirrorCluster(CLUSTER).setMirrorPercentage(50.0).build();
    assertEquals(Percentage.of(50), SnapshotWire.toDomain(snapshot(half).build()).hosts().get(0).rules().get(0).mirror().share());
  }

  @Test
  void shouldConvertTheTimeoutAndBothFaultsOfARule() {
    RouteRule rule = plainRule().setTimeoutMs(500L)
        .setFault(new HttpFaultSpec(new FaultDelay(300L, 50.0), new FaultAbort(503, 0.0001))).build();
    Rule converted = SnapshotWire.toDomain(snapshot(rule).build()).hosts().get(0).rules().get(0);
    assertEquals(Duration.ofMillis(500), ((RuleAction.Route) converted.action()).timeout());
    assertEquals(Optional.of(new FaultInjection.Delay(Duration.ofMillis(300), new Percentage(500_000))),
        converted.fault().delay());
    assertEquals(Optional.of(new FaultInjection.Abort(503, new Percentage(1))), converted.fault().abort());
  }

  @Test
  void shouldConvertAnAbsentTimeoutAndFaultToNone() {
    Rule converted = SnapshotWire.toDomain(snapshot(plainRule().build()).build()).hosts().get(0).rules().get(0);
    assertEquals(Duration.ZERO, ((RuleAction.Route) converted.action()).timeout());
    assertEquals(FaultInjection.NONE, converted.fault());
  }

  @Test
  void shouldRejectAFaultPercentageOutside0To100NamingRouteAndRule() {
    RouteRule rule = plainRule().setFault(new HttpFaultSpec(null, new FaultAbort(503, 150.0))).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SnapshotWire.toDomain(snapshot(rule).build()));
    assertTrue(e.getMessage().startsWith("route " + HOST + " rule r: fault abort percentage"), e.getMessage());
  }

  @Test
  void shouldRejectANegativeTimeoutNamingRouteAndRule() {
    RouteRule rule = plainRule().setTimeoutMs(-1L).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SnapshotWire.toDomain(snapshot(rule).build()));
    assertTrue(e.getMessage().startsWith("route " + HOST + " rule r: timeout"), e.getMessage());
  }

  @Test
  void shouldRefuseAMatchOnAPseudoHeaderTheProxyDoesNotSee() {
    RouteRule rule = plainRule().setMatch(List.of(headerMatch(":scheme", MatchKind.EXACT, "https"))).build();
    List<String> errors = new SnapshotValidator().validate(SnapshotWire.toDomain(snapshot(rule).build()));
    assertEquals(List.of("route " + HOST + " rule r match on header :scheme: not enforced by this proxy yet"), errors);
  }

  @Test
  void shouldRejectARegexThatDoesNotCompileNamingRouteAndRule() {
    RouteRule rule = plainRule().setMatch(List.of(headerMatch("x-user", MatchKind.REGEX, "te[st"))).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SnapshotWire.toDomain(snapshot(rule).build()));
    assertTrue(e.getMessage().startsWith("route " + HOST + " rule r: "), e.getMessage());
  }

  @Test
  void shouldRejectARedirectCodeIstioDoesNotAllow() {
    RouteRule rule = RouteRule.newBuilder().setName("r").setClusters(List.of()).setRedirect(new HttpRedirect("/x", null, 200))
        .build();
    List<String> errors = new SnapshotValidator().validate(SnapshotWire.toDomain(snapshot(rule).build()));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("rule r redirect code 200"), errors.toString());
  }

  private static Cluster convertedCluster(ConnectionPoolSpec pool, OutlierDetectionSpec outlier) {
    ProxySnapshot wire = snapshot(plainRule().build()).build();
    ClusterConfig cluster = ClusterConfig.newBuilder(wire.getClusters().get(0)).setConnectionPool(pool)
        .setOutlierDetection(outlier).build();
    ProxySnapshot withPolicy = ProxySnapshot.newBuilder(wire).setClusters(List.of(cluster)).build();
    assertEquals(List.of(), new SnapshotValidator().validate(SnapshotWire.toDomain(withPolicy)), "not NACKed");
    return SnapshotWire.toDomain(withPolicy).clusters().get(0);
  }

  @Test
  void shouldEnforceConnectionPoolAndOutlierDetectionWithIstiosDefaults() {
    Cluster cluster = convertedCluster(ConnectionPoolSpec.newBuilder().setMaxConnections(1).setHttp1MaxPendingRequests(0)
        .setMaxRetries(3).setConnectTimeoutMs(250L).build(), OutlierDetectionSpec.newBuilder().build());
    assertEquals(new CircuitLimits(1, CircuitLimits.UNLIMITED, CircuitLimits.UNLIMITED, 0, Duration.ofMillis(250), Duration.ZERO),
        cluster.limits());
    assertEquals(new OutlierPolicy(5, 0, Duration.ofSeconds(10), Duration.ofSeconds(30), 10), cluster.outlier());
  }

  @Test
  void shouldConvertEveryConnectionPoolAndOutlierField() {
    Cluster cluster = convertedCluster(new ConnectionPoolSpec(10, 1_000L, 20, 30, 40, null, 5_000L),
        new OutlierDetectionSpec(3, 2, 100L, 300L, 50));
    assertEquals(new CircuitLimits(10, 20, 30, 40, Duration.ofSeconds(1), Duration.ofSeconds(5)), cluster.limits());
    assertEquals(new OutlierPolicy(3, 2, Duration.ofMillis(100), Duration.ofMillis(300), 50), cluster.outlier());
  }

  @Test
  void shouldLeaveAClusterWithoutPolicyUnlimitedAndUndetected() {
    Cluster cluster = convertedCluster(null, null);
    assertEquals(CircuitLimits.DEFAULTS, cluster.limits());
    assertEquals(OutlierPolicy.NONE, cluster.outlier());
  }

  @Test
  void shouldRejectANegativeLimitNamingTheCluster() {
    ProxySnapshot wire = snapshot(plainRule().build()).build();
    ClusterConfig cluster = ClusterConfig.newBuilder(wire.getClusters().get(0))
        .setOutlierDetection(OutlierDetectionSpec.newBuilder().setMaxEjectionPercent(120).build()).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SnapshotWire.toDomain(ProxySnapshot.newBuilder(wire).setClusters(List.of(cluster)).build()));
    assertTrue(e.getMessage().startsWith("cluster " + CLUSTER + ": maxEjectionPercent"), e.getMessage());
  }
}
