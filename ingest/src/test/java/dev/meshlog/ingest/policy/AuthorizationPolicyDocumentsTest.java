package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.fixture;
import static dev.meshlog.ingest.policy.Documents.parsed;
import static dev.meshlog.ingest.policy.Documents.refusedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.AuthzSource;
import dev.meshlog.avro.PolicyCommand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationPolicyDocumentsTest {

  private static final String HEADER = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: ap, namespace: shop}
      spec:
        rules:
      """;

  @Test
  void shouldReadSourcesOperationsAndConditions() {
    AuthorizationPolicySpec spec = (AuthorizationPolicySpec) parsed(fixture("authorizationpolicy.yaml")).get(0).getSpec();

    assertEquals(Map.of("app", "reviews"), spec.getSelector());
    assertEquals(AuthzAction.ALLOW, spec.getAction());
    AuthzRule rule = spec.getRules().get(0);
    assertEquals(new AuthzSource(List.of("cluster.local/ns/shop/sa/productpage"), List.of("cluster.local/ns/shop/sa/robot"),
        List.of("shop"), List.of("test"), List.of("10.0.0.0/8", "192.168.1.1"), List.of("2001:db8::/32")), rule.getFrom().get(0));
    assertEquals(new AuthzOperation(List.of("reviews.shop.svc.cluster.local"), List.of("admin.shop.svc.cluster.local"),
        List.of("9080"), List.of("9443"), List.of("GET", "HEAD"), List.of("DELETE"), List.of("/reviews/*"), List.of("/reviews/admin")),
        rule.getTo().get(0));
    assertEquals(new AuthzCondition("request.headers[x-tenant]", List.of("acme"), List.of()), rule.getWhen().get(0));
    assertEquals(new AuthzCondition("source.ip", List.of(), List.of("10.1.0.0/16")), rule.getWhen().get(1));
    assertEquals(7, rule.getWhen().size());
  }

  @Test
  void shouldReadDenyAndAuditActions() {
    List<PolicyCommand> commands = parsed(fixture("authorizationpolicy.yaml"));

    assertEquals(AuthzAction.DENY, ((AuthorizationPolicySpec) commands.get(1).getSpec()).getAction());
    assertEquals(List.of("/admin"), ((AuthorizationPolicySpec) commands.get(1).getSpec()).getRules().get(0).getTo().get(0).getPaths());
    assertEquals(new AuthorizationPolicySpec(Map.of(), AuthzAction.AUDIT, List.of()), commands.get(2).getSpec());
  }

  @Test
  void shouldRefuseCustomActionAndProvider() {
    refusedAt(HEADER.replace("  rules:\n", "  action: CUSTOM\n"), "spec.action", "CUSTOM is not supported");
    refusedAt(HEADER.replace("  rules:\n", "  provider: {name: opa}\n"), "spec.provider", "not supported by Meshlog");
  }

  @Test
  void shouldRefuseRequestPrincipalsAndRemoteIpBlocks() {
    refusedAt(HEADER + "  - from: [{source: {requestPrincipals: [\"*\"]}}]\n", "spec.rules[0].from[0].source.requestPrincipals",
        "not supported by Meshlog");
    refusedAt(HEADER + "  - from: [{source: {remoteIpBlocks: [1.2.3.4]}}]\n", "spec.rules[0].from[0].source.remoteIpBlocks",
        "not supported by Meshlog");
  }

  @Test
  void shouldRefuseConditionKeysMeshlogDoesNotEnforce() {
    refusedAt(HEADER + "  - when: [{key: \"request.auth.claims[iss]\", values: [x]}]\n", "spec.rules[0].when[0].key",
        "condition key 'request.auth.claims[iss]'");
    refusedAt(HEADER + "  - when: [{key: source.ip}]\n", "spec.rules[0].when[0]", "needs values or notValues");
  }

  @Test
  void shouldRefuseInvalidIpBlocksAndPorts() {
    refusedAt(HEADER + "  - from: [{source: {ipBlocks: [10.0.0.0/33]}}]\n", "spec.rules[0].from[0].source.ipBlocks[0]",
        "not an IP address or CIDR");
    refusedAt(HEADER + "  - from: [{source: {notIpBlocks: [\"2001:db8::/129\"]}}]\n", "spec.rules[0].from[0].source.notIpBlocks[0]",
        "not an IP address or CIDR");
    refusedAt(HEADER + "  - to: [{operation: {ports: [\"http\"]}}]\n", "spec.rules[0].to[0].operation.ports[0]", "not a port");
    refusedAt(HEADER + "  - when: [{key: destination.ip, values: [example.com]}]\n", "spec.rules[0].when[0].values[0]",
        "not an IP address");
  }

  @Test
  void shouldRefuseEmptySourcesAndOperations() {
    refusedAt(HEADER + "  - from: [{source: {}}]\n", "spec.rules[0].from[0].source", "must not be empty");
    refusedAt(HEADER + "  - to: [{}]\n", "spec.rules[0].to[0].operation", "is required");
  }
}
