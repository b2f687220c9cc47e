package dev.meshlog.engine.roundtrip;

import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.RATINGS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS_V2;
import static dev.meshlog.engine.roundtrip.Bookinfo.TESTER_PROXY;
import static dev.meshlog.engine.roundtrip.Snapshots.authorizationNames;
import static dev.meshlog.engine.roundtrip.Snapshots.inbound;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.AuthorizationConfig;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.AuthzSource;
import dev.meshlog.avro.ProxySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AuthorizationPolicy, from YAML to the policies each proxy enforces inbound, selected by namespace and labels. */
class AuthorizationPolicyRoundTripTest extends MeshRoundTrip {

  private static final String DENY_BLOCKED = "AuthorizationPolicy/istio-system/deny-blocked-ranges";
  private static final String REVIEWS_VIEWER = "AuthorizationPolicy/bookinfo/reviews-viewer";
  private static final String AUDIT_ALL = "AuthorizationPolicy/bookinfo/audit-all";
  private static final String ALLOW_NOTHING = "AuthorizationPolicy/qa/allow-nothing";

  @Test
  void shouldEnforceARootNamespacePolicyOnEveryProxy() {
    mesh.apply(AUTHORIZATION_POLICIES, "istio-system/deny-blocked-ranges");
    for (String proxy : List.of(PRODUCTPAGE_V1, REVIEWS_V1, TESTER_PROXY)) {
      ProxySnapshot snapshot = mesh.snapshot(proxy);
      assertEquals(List.of(DENY_BLOCKED), authorizationNames(snapshot), proxy);
      assertEquals(AuthzAction.DENY, inbound(snapshot).getAuthorization().get(0).getAction());
    }
  }

  @Test
  void shouldEnforceARootNamespaceSelectorPolicyOnlyOnTheWorkloadsItSelects() {
    mesh.apply(AUTHORIZATION_POLICIES, "istio-system/ratings-callers");
    assertEquals(List.of("AuthorizationPolicy/istio-system/ratings-callers"), authorizationNames(mesh.snapshot(RATINGS_V1)));
    assertEquals(List.of(), authorizationNames(mesh.snapshot(PRODUCTPAGE_V1)));
    assertEquals(List.of(), authorizationNames(mesh.snapshot(TESTER_PROXY)));
  }

  @Test
  void shouldEnforceASelectorPolicyOnlyOnTheWorkloadsItSelects() {
    mesh.apply(AUTHORIZATION_POLICIES, "bookinfo/reviews-viewer");
    assertEquals(List.of(REVIEWS_VIEWER), authorizationNames(mesh.snapshot(REVIEWS_V1)));
    assertEquals(List.of(REVIEWS_VIEWER), authorizationNames(mesh.snapshot(REVIEWS_V2)));
    assertEquals(List.of(), authorizationNames(mesh.snapshot(PRODUCTPAGE_V1)));
  }

  @Test
  void shouldEnforceANamespaceWidePolicyOnlyInItsNamespace() {
    mesh.apply(AUTHORIZATION_POLICIES, "bookinfo/audit-all", "qa/allow-nothing");
    ProxySnapshot productpage = mesh.snapshot(PRODUCTPAGE_V1);
    assertEquals(List.of(AUDIT_ALL), authorizationNames(productpage));
    assertEquals(AuthzAction.AUDIT, inbound(productpage).getAuthorization().get(0).getAction());
    ProxySnapshot tester = mesh.snapshot(TESTER_PROXY);
    assertEquals(List.of(new AuthorizationConfig(ALLOW_NOTHING, AuthzAction.ALLOW, List.of())), inbound(tester).getAuthorization(),
        "ALLOW without rules: the proxy allows nothing");
  }

  @Test
  void shouldListEveryPolicySelectingTheProxySortedByName() {
    mesh.apply(AUTHORIZATION_POLICIES, "istio-system/deny-blocked-ranges", "bookinfo/reviews-viewer", "bookinfo/deny-writes-from-outside",
        "bookinfo/audit-all", "qa/allow-nothing");
    assertEquals(List.of(AUDIT_ALL, REVIEWS_VIEWER, DENY_BLOCKED), authorizationNames(mesh.snapshot(REVIEWS_V1)));
  }

  @Test
  void shouldCarryFromToAndWhen() {
    mesh.apply(AUTHORIZATION_POLICIES, "bookinfo/reviews-viewer");
    AuthzRule expected = AuthzRule.newBuilder()
        .setFrom(List.of(AuthzSource.newBuilder()
            .setPrincipals(List.of("cluster.local/ns/bookinfo/sa/bookinfo-productpage")).setNotNamespaces(List.of("qa")).build()))
        .setTo(List.of(AuthzOperation.newBuilder()
            .setMethods(List.of("GET")).setPaths(List.of("/reviews/*")).setNotPaths(List.of("/reviews/admin")).setPorts(List.of("9081"))
            .build()))
        .setWhen(List.of(new AuthzCondition("request.headers[x-tenant]", List.of("acme"), List.of("evil"))))
        .build();
    AuthorizationConfig viewer = inbound(mesh.snapshot(REVIEWS_V1)).getAuthorization().get(0);
    assertEquals(AuthzAction.ALLOW, viewer.getAction());
    assertEquals(List.of(expected), viewer.getRules());
  }

  @Test
  void shouldCarryTheNotForms() {
    mesh.apply(AUTHORIZATION_POLICIES, "bookinfo/deny-writes-from-outside");
    AuthzRule outsiders = AuthzRule.newBuilder()
        .setFrom(List.of(AuthzSource.newBuilder()
            .setNotPrincipals(List.of("cluster.local/ns/bookinfo/sa/bookinfo-reviews")).setNotIpBlocks(List.of("127.0.0.1/32")).build()))
        .setTo(List.of(AuthzOperation.newBuilder()
            .setNotMethods(List.of("GET", "HEAD")).setNotHosts(List.of("ratings.bookinfo.svc.cluster.local")).setNotPorts(List.of("15020"))
            .build()))
        .build();
    AuthzRule fromQa = AuthzRule.newBuilder().setFrom(List.of(AuthzSource.newBuilder().setNamespaces(List.of("qa")).build())).build();
    AuthorizationConfig deny = inbound(mesh.snapshot(RATINGS_V1)).getAuthorization().get(0);
    assertEquals(AuthzAction.DENY, deny.getAction());
    assertEquals(List.of(outsiders, fromQa), deny.getRules());
  }
}
