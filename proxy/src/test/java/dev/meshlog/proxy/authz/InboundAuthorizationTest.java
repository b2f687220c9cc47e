package dev.meshlog.proxy.authz;

import static dev.meshlog.proxy.authz.Requests.SLEEP;
import static dev.meshlog.proxy.authz.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.authz.AuthzPolicy.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundAuthorizationTest {

  private static final List<String> NONE = List.of();

  private static AuthzPolicy policy(String name, Action action, AuthzRule... rules) {
    return new AuthzPolicy("AuthorizationPolicy/default/" + name, action, List.of(rules));
  }

  private static AuthzRule from(SourceMatch... sources) {
    return new AuthzRule(List.of(sources), List.of(), List.of());
  }

  private static AuthzRule to(OperationMatch... operations) {
    return new AuthzRule(List.of(), List.of(operations), List.of());
  }

  private static AuthzRule when(Condition... conditions) {
    return new AuthzRule(List.of(), List.of(), List.of(conditions));
  }

  private static SourceMatch principals(List<String> values, List<String> notValues) {
    return SourceMatch.of(values, notValues, NONE, NONE, NONE, NONE);
  }

  private static SourceMatch namespaces(List<String> values, List<String> notValues) {
    return SourceMatch.of(NONE, NONE, values, notValues, NONE, NONE);
  }

  private static SourceMatch ipBlocks(List<String> values, List<String> notValues) {
    return SourceMatch.of(NONE, NONE, NONE, NONE, values, notValues);
  }

  private static OperationMatch hosts(List<String> values, List<String> notValues) {
    return OperationMatch.of(values, notValues, NONE, NONE, NONE, NONE, NONE, NONE);
  }

  private static OperationMatch ports(List<String> values, List<String> notValues) {
    return OperationMatch.of(NONE, NONE, values, notValues, NONE, NONE, NONE, NONE);
  }

  private static OperationMatch methods(List<String> values, List<String> notValues) {
    return OperationMatch.of(NONE, NONE, NONE, NONE, values, notValues, NONE, NONE);
  }

  private static OperationMatch paths(List<String> values, List<String> notValues) {
    return OperationMatch.of(NONE, NONE, NONE, NONE, NONE, NONE, values, notValues);
  }

  private static boolean allowedBy(AuthzRule rule, Requests request) {
    return new InboundAuthorization(List.of(policy("p", Action.ALLOW, rule))).decide(request.build()).allowed();
  }

  @Test
  void shouldMatchPrincipalsExactPrefixSuffixAndPresenceAgainstTheSpiffeIdWithoutItsScheme() {
    assertTrue(allowedBy(from(principals(List.of(SLEEP), NONE)), request().from("spiffe://" + SLEEP)));
    assertFalse(allowedBy(from(principals(List.of("spiffe://" + SLEEP), NONE)), request().from("spiffe://" + SLEEP)));
    assertTrue(allowedBy(from(principals(List.of("cluster.local/ns/default/*"), NONE)), request().from("spiffe://" + SLEEP)));
    assertTrue(allowedBy(from(principals(List.of("*/sa/sleep"), NONE)), request().from("spiffe://" + SLEEP)));
    assertFalse(allowedBy(from(principals(List.of("*/sa/admin"), NONE)), request().from("spiffe://" + SLEEP)));
    assertTrue(allowedBy(from(principals(List.of("*"), NONE)), request().from("spiffe://" + SLEEP)));
  }

  @Test
  void shouldFailEveryPrincipalAndNamespaceMatchInPlaintextButPassTheirNotForms() {
    assertFalse(allowedBy(from(principals(List.of("*"), NONE)), request()));
    assertFalse(allowedBy(from(namespaces(List.of("*"), NONE)), request()));
    assertTrue(allowedBy(from(principals(NONE, List.of("*"))), request()), "notPrincipals * admits plaintext");
    assertFalse(allowedBy(from(principals(NONE, List.of("*"))), request().from("spiffe://" + SLEEP)));
  }

  @Test
  void shouldMatchNotPrincipalsAsNoneOfThem() {
    SourceMatch notSleep = principals(List.of("cluster.local/ns/default/*"), List.of(SLEEP));
    assertFalse(allowedBy(from(notSleep), request().from("spiffe://" + SLEEP)));
    assertTrue(allowedBy(from(notSleep), request().from("spiffe://cluster.local/ns/default/sa/productpage")));
  }

  @Test
  void shouldMatchNamespacesFromThePeerPrincipal() {
    assertTrue(allowedBy(from(namespaces(List.of("default"), NONE)), request().from("spiffe://" + SLEEP)));
    assertFalse(allowedBy(from(namespaces(List.of("prod"), NONE)), request().from("spiffe://" + SLEEP)));
    assertTrue(allowedBy(from(namespaces(List.of("def*"), NONE)), request().from("spiffe://" + SLEEP)));
    assertFalse(allowedBy(from(namespaces(NONE, List.of("default"))), request().from("spiffe://" + SLEEP)));
    assertTrue(allowedBy(from(namespaces(NONE, List.of("prod"))), request().from("spiffe://" + SLEEP)));
  }

  @Test
  void shouldMatchIpBlocksAndTheirNotFormAgainstTheDownstreamPeer() {
    assertTrue(allowedBy(from(ipBlocks(List.of("10.1.0.0/16"), NONE)), request().sourceIp("10.1.9.9")));
    assertFalse(allowedBy(from(ipBlocks(List.of("10.1.0.0/16"), NONE)), request().sourceIp("10.2.0.1")));
    assertTrue(allowedBy(from(ipBlocks(List.of("10.1.2.3"), NONE)), request().sourceIp("10.1.2.3")));
    assertFalse(allowedBy(from(ipBlocks(List.of("10.0.0.0/8"), List.of("10.6.0.0/16"))), request().sourceIp("10.6.1.1")));
    assertTrue(allowedBy(from(ipBlocks(List.of("10.0.0.0/8"), List.of("10.6.0.0/16"))), request().sourceIp("10.7.1.1")));
  }

  @Test
  void shouldRequireEveryPresentFieldOfOneSourceAndAnyOfTheSources() {
    SourceMatch both = SourceMatch.of(List.of(SLEEP), NONE, NONE, NONE, List.of("10.0.0.0/8"), NONE);
    assertTrue(allowedBy(from(both), request().from("spiffe://" + SLEEP).sourceIp("10.0.0.1")));
    assertFalse(allowedBy(from(both), request().from("spiffe://" + SLEEP).sourceIp("192.168.0.1")));
    assertTrue(allowedBy(from(both, ipBlocks(List.of("192.168.0.0/16"), NONE)), request().sourceIp("192.168.0.1")));
  }

  @Test
  void shouldMatchHostsCaseInsensitivelyWithWildcards() {
    assertTrue(allowedBy(to(hosts(List.of("Reviews.default.svc.cluster.local"), NONE)), request()));
    assertTrue(allowedBy(to(hosts(List.of("*.svc.cluster.local"), NONE)), request()));
    assertTrue(allowedBy(to(hosts(List.of("reviews*"), NONE)), request()));
    assertFalse(allowedBy(to(hosts(List.of("ratings*"), NONE)), request()));
    assertFalse(allowedBy(to(hosts(NONE, List.of("*.cluster.local"))), request()));
    assertFalse(allowedBy(to(hosts(List.of("*"), NONE)), request().host(null)));
  }

  @Test
  void shouldMatchPortsAndNotPortsAgainstTheWorkloadPort() {
    assertTrue(allowedBy(to(ports(List.of("9080", "9090"), NONE)), request().port(9090)));
    assertFalse(allowedBy(to(ports(List.of("9080"), NONE)), request().port(8080)));
    assertFalse(allowedBy(to(ports(NONE, List.of("8080"))), request().port(8080)));
    assertTrue(allowedBy(to(ports(NONE, List.of("8080"))), request().port(9080)));
    assertThrows(IllegalArgumentException.class, () -> ports(List.of("http"), NONE));
  }

  @Test
  void shouldMatchMethodsExactlyAndNotMethods() {
    assertTrue(allowedBy(to(methods(List.of("GET", "HEAD"), NONE)), request().method("HEAD")));
    assertFalse(allowedBy(to(methods(List.of("GET"), NONE)), request().method("POST")));
    assertFalse(allowedBy(to(methods(List.of("get"), NONE)), request().method("GET")));
    assertFalse(allowedBy(to(methods(NONE, List.of("DELETE"))), request().method("DELETE")));
  }

  @Test
  void shouldMatchPathsExactPrefixSuffixWithoutTheQueryString() {
    assertTrue(allowedBy(to(paths(List.of("/health"), NONE)), request().uri("/health?verbose=1")));
    assertFalse(allowedBy(to(paths(List.of("/health"), NONE)), request().uri("/health/x")));
    assertTrue(allowedBy(to(paths(List.of("/api/*"), NONE)), request().uri("/api/v1/items#top")));
    assertTrue(allowedBy(to(paths(List.of("*.png"), NONE)), request().uri("/img/a.png?size=2")));
    assertTrue(allowedBy(to(paths(List.of("/abs"), NONE)), request().uri("http://reviews:9080/abs?q")));
    assertFalse(allowedBy(to(paths(List.of("/api/*"), List.of("/api/admin*"))), request().uri("/api/admin/users")));
    assertTrue(allowedBy(to(paths(List.of("/api/*"), List.of("/api/admin*"))), request().uri("/api/items")));
  }

  @Test
  void shouldRequireAllConditionsOfARule() {
    AuthzRule rule = when(Condition.of("request.headers[x-user]", List.of("tester", "admin*"), NONE),
        Condition.of("source.ip", List.of("10.0.0.0/8"), NONE));
    assertTrue(allowedBy(rule, request().header("x-user", "admin-1")));
    assertFalse(allowedBy(rule, request().header("x-user", "admin-1").sourceIp("192.168.0.1")));
    assertFalse(allowedBy(rule, request()), "a header that is absent matches no value");
    assertTrue(allowedBy(when(Condition.of("request.headers[x-user]", NONE, List.of("tester"))), request()),
        "and passes notValues");
    assertFalse(allowedBy(when(Condition.of("request.headers[x-user]", NONE, List.of("tester"))),
        request().header("x-user", "tester")));
  }

  @Test
  void shouldEvaluateEverySupportedConditionKey() {
    Requests mtls = request().from("spiffe://" + SLEEP).destinationIp("10.9.9.9").port(9080).sni("reviews.default");
    assertTrue(allowedBy(when(Condition.of("source.principal", List.of(SLEEP), NONE)), mtls));
    assertFalse(allowedBy(when(Condition.of("source.principal", NONE, List.of("*/sa/sleep"))), mtls));
    assertTrue(allowedBy(when(Condition.of("source.namespace", List.of("default"), NONE)), mtls));
    assertFalse(allowedBy(when(Condition.of("source.namespace", List.of("default"), NONE)), request()));
    assertTrue(allowedBy(when(Condition.of("source.ip", NONE, List.of("192.168.0.0/16"))), mtls));
    assertTrue(allowedBy(when(Condition.of("destination.ip", List.of("10.9.9.0/24"), NONE)), mtls));
    assertFalse(allowedBy(when(Condition.of("destination.ip", NONE, List.of("10.9.9.9"))), mtls));
    assertTrue(allowedBy(when(Condition.of("destination.port", List.of("9080"), NONE)), mtls));
    assertFalse(allowedBy(when(Condition.of("destination.port", NONE, List.of("9080"))), mtls));
    assertTrue(allowedBy(when(Condition.of("connection.sni", List.of("reviews.*"), NONE)), mtls));
    assertFalse(allowedBy(when(Condition.of("connection.sni", List.of("*"), NONE)), request()), "no SNI in plaintext");
  }

  @Test
  void shouldRefuseToCompileAConditionItCannotEnforce() {
    assertFalse(Condition.isEnforceable("request.auth.principal"));
    assertFalse(Condition.isEnforceable("request.auth.claims[iss]"));
    assertFalse(Condition.isEnforceable("remote.ip"));
    assertFalse(Condition.isEnforceable("experimental.envoy.filters.network.mysql_proxy[db.table]"));
    assertFalse(Condition.isEnforceable("request.headers[]"));
    assertTrue(Condition.isEnforceable("request.headers[x-user]"));
    assertThrows(IllegalArgumentException.class, () -> Condition.of("request.auth.principal", List.of("x"), NONE));
    assertThrows(IllegalArgumentException.class, () -> Condition.of("destination.port", List.of("x"), NONE));
  }

  @Test
  void shouldMatchAnyRequestWithARuleWithoutFromToOrWhen() {
    assertTrue(allowedBy(AuthzRule.ANY, request()));
  }

  @Test
  void shouldDenyEverythingWithAnAllowPolicyWithoutRulesAndAllowEverythingWithoutPolicies() {
    InboundAuthorization allowNothing = new InboundAuthorization(List.of(policy("allow-nothing", Action.ALLOW)));
    assertEquals(Decision.NO_ALLOW_MATCHED, allowNothing.decide(request().build()));
    assertTrue(InboundAuthorization.NONE.isEmpty());
    assertEquals(Decision.ALLOWED, InboundAuthorization.NONE.decide(request().build()));
    InboundAuthorization denyNothing = new InboundAuthorization(List.of(policy("deny-nothing", Action.DENY)));
    assertTrue(denyNothing.decide(request().build()).allowed(), "a DENY without rules matches nothing");
  }

  @Test
  void shouldDenyOnAMatchingDenyBeforeLookingAtAllowPolicies() {
    InboundAuthorization policies = new InboundAuthorization(List.of(
        policy("allow-all", Action.ALLOW, AuthzRule.ANY),
        policy("no-admin", Action.DENY, to(paths(List.of("/admin*"), NONE)))));
    Decision admin = policies.decide(request().uri("/admin/x").build());
    assertFalse(admin.allowed());
    assertEquals("AuthorizationPolicy/default/no-admin", admin.policy());
    assertTrue(policies.decide(request().uri("/items").build()).allowed());
  }

  @Test
  void shouldAllowWhenAnyAllowPolicyMatchesAndDenyWhenNone() {
    InboundAuthorization policies = new InboundAuthorization(List.of(
        policy("gets", Action.ALLOW, to(methods(List.of("GET"), NONE))),
        policy("from-sleep", Action.ALLOW, from(principals(List.of(SLEEP), NONE)))));
    assertTrue(policies.decide(request().method("GET").build()).allowed());
    assertTrue(policies.decide(request().method("POST").from("spiffe://" + SLEEP).build()).allowed());
    Decision post = policies.decide(request().method("POST").build());
    assertEquals(Decision.NO_ALLOW_MATCHED, post);
    assertEquals("no ALLOW policy matched", post.deniedBy());
    assertEquals("DENY AuthorizationPolicy/default/x", new Decision(false, "AuthorizationPolicy/default/x", "").deniedBy());
  }

  @Test
  void shouldRecordAuditMatchesWithoutChangingTheDecision() {
    AuthzPolicy audit = policy("audit-posts", Action.AUDIT, to(methods(List.of("POST"), NONE)));
    InboundAuthorization onlyAudit = new InboundAuthorization(List.of(audit));
    Decision post = onlyAudit.decide(request().method("POST").build());
    assertTrue(post.allowed());
    assertEquals("AuthorizationPolicy/default/audit-posts", post.audited());
    assertEquals(Decision.ALLOWED, onlyAudit.decide(request().build()));

    InboundAuthorization withDeny = new InboundAuthorization(List.of(audit,
        policy("no-posts", Action.DENY, to(methods(List.of("POST"), NONE)))));
    Decision denied = withDeny.decide(request().method("POST").build());
    assertFalse(denied.allowed());
    assertEquals("AuthorizationPolicy/default/no-posts", denied.policy());
    assertEquals("AuthorizationPolicy/default/audit-posts", denied.audited());
  }

  @Test
  void shouldAskForTheSniOnlyWhenAConditionReadsIt() {
    assertFalse(new InboundAuthorization(List.of(policy("a", Action.ALLOW, AuthzRule.ANY))).readsSni());
    assertTrue(new InboundAuthorization(List.of(policy("a", Action.ALLOW,
        when(Condition.of("connection.sni", List.of("x"), NONE))))).readsSni());
  }
}
