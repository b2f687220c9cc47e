package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.snapshot.Specs.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.PeerAuthenticationSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PeerAuthentication precedence and AuthorizationPolicy selection, as they reach a proxy's inbound policy. */
class InboundPolicyAssemblyTest {

  private static TestMesh mesh() {
    return new TestMesh()
        .workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 9081)
        .workload("ratings-v1", "default", "ratings", "v1", "ratings-v1", 9082)
        .workload("tester", "qa", "tester", null, "tester", 0);
  }

  private static PeerAuthenticationSpec pa(Map<String, String> selector, MtlsMode mode, Map<String, MtlsMode> ports) {
    return PeerAuthenticationSpec.newBuilder().setSelector(new LinkedHashMap<>(selector)).setMtlsMode(mode)
        .setPortLevelMtls(new LinkedHashMap<>(ports)).build();
  }

  private static AuthorizationPolicySpec ap(Map<String, String> selector, AuthzAction action, String method) {
    return AuthorizationPolicySpec.newBuilder().setSelector(new LinkedHashMap<>(selector)).setAction(action)
        .setRules(List.of(AuthzRule.newBuilder().setTo(List.of(AuthzOperation.newBuilder().setMethods(List.of(method)).build())).build()))
        .build();
  }

  @Test
  void shouldSetAnEmptyInboundPolicyWhenNothingApplies() {
    assertEquals(ProxyConfig.Inbound.NONE, mesh().config("reviews-v1").inbound());
  }

  @Test
  void shouldPreferTheWorkloadPolicyOverTheNamespaceOverTheMesh() {
    TestMesh mesh = mesh()
        .policy("PeerAuthentication", "istio-system", "default", pa(Map.of(), MtlsMode.STRICT, Map.of()))
        .policy("PeerAuthentication", "default", "default", pa(Map.of(), MtlsMode.PERMISSIVE, Map.of()))
        .policy("PeerAuthentication", "default", "reviews", pa(labels("app", "reviews"), MtlsMode.DISABLE, Map.of()));

    assertEquals(MtlsMode.DISABLE, mesh.config("reviews-v1").inbound().mtlsMode());
    assertEquals(MtlsMode.PERMISSIVE, mesh.config("ratings-v1").inbound().mtlsMode());
    assertEquals(MtlsMode.STRICT, mesh.config("tester").inbound().mtlsMode());
    assertEquals(List.of("PeerAuthentication/istio-system/default"), mesh.config("tester").inbound().provenance());
  }

  @Test
  void shouldLetAnUnsetLevelInheritFromTheNext() {
    TestMesh mesh = mesh()
        .policy("PeerAuthentication", "istio-system", "default", pa(Map.of(), MtlsMode.STRICT, Map.of()))
        .policy("PeerAuthentication", "default", "default", pa(Map.of(), MtlsMode.UNSET, Map.of()))
        .policy("PeerAuthentication", "default", "reviews", pa(labels("app", "reviews"), MtlsMode.UNSET, Map.of()));

    ProxyConfig.Inbound inbound = mesh.config("reviews-v1").inbound();
    assertEquals(MtlsMode.STRICT, inbound.mtlsMode());
    assertEquals(List.of("PeerAuthentication/default/default", "PeerAuthentication/default/reviews", "PeerAuthentication/istio-system/default"),
        inbound.provenance());
  }

  @Test
  void shouldTakePortLevelModesOnlyFromTheWorkloadPolicy() {
    TestMesh mesh = mesh()
        .policy("PeerAuthentication", "default", "default", pa(Map.of(), MtlsMode.STRICT, Map.of("9000", MtlsMode.DISABLE)))
        .policy("PeerAuthentication", "default", "reviews", pa(labels("app", "reviews"), MtlsMode.UNSET,
            Map.of("8080", MtlsMode.PERMISSIVE, "9090", MtlsMode.UNSET)));

    ProxyConfig.Inbound reviews = mesh.config("reviews-v1").inbound();
    assertEquals(MtlsMode.STRICT, reviews.mtlsMode());
    assertEquals(Map.of(8080, MtlsMode.PERMISSIVE, 9090, MtlsMode.STRICT), reviews.portLevelMtls(), "an UNSET port inherits the resolved mode");
    assertEquals(Map.of(), mesh.config("ratings-v1").inbound().portLevelMtls(), "namespace-wide port levels are ignored");
  }

  @Test
  void shouldSelectAuthorizationPoliciesOfTheNamespaceAndTheRootSortedBySubject() {
    TestMesh mesh = mesh()
        .policy("AuthorizationPolicy", "default", "reviews-only", ap(labels("app", "reviews"), AuthzAction.ALLOW, "GET"))
        .policy("AuthorizationPolicy", "default", "all-default", ap(Map.of(), AuthzAction.DENY, "DELETE"))
        .policy("AuthorizationPolicy", "istio-system", "audit", ap(Map.of(), AuthzAction.AUDIT, "POST"))
        .policy("AuthorizationPolicy", "qa", "qa-only", ap(Map.of(), AuthzAction.ALLOW, "GET"));

    assertEquals(List.of("AuthorizationPolicy/default/all-default", "AuthorizationPolicy/default/reviews-only",
        "AuthorizationPolicy/istio-system/audit"), names(mesh.config("reviews-v1")));
    assertEquals(List.of("AuthorizationPolicy/default/all-default", "AuthorizationPolicy/istio-system/audit"), names(mesh.config("ratings-v1")));
    assertEquals(List.of("AuthorizationPolicy/istio-system/audit", "AuthorizationPolicy/qa/qa-only"), names(mesh.config("tester")));
    ProxyConfig.Authorization deny = mesh.config("ratings-v1").inbound().authorization().get(0);
    assertEquals(AuthzAction.DENY, deny.action());
    assertEquals(List.of("DELETE"), deny.rules().get(0).getTo().get(0).getMethods());
  }

  private static List<String> names(ProxyConfig config) {
    return config.inbound().authorization().stream().map(ProxyConfig.Authorization::name).toList();
  }
}
