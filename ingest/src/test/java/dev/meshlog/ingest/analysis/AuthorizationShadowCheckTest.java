package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.anyRequest;
import static dev.meshlog.ingest.analysis.Fixtures.authorizationPolicy;
import static dev.meshlog.ingest.analysis.Fixtures.fromNamespace;
import static dev.meshlog.ingest.analysis.Fixtures.labels;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.method;
import static dev.meshlog.ingest.analysis.Fixtures.rule;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.PolicyCommand;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationShadowCheckTest {

  private final Check check = new AuthorizationShadowCheck();

  private final AuthzRule getFromFrontend = rule(List.of(fromNamespace("frontend")), List.of(method("GET")));

  @Test
  void shouldReportAllowRuleUnderADenyRuleWithoutConditions() {
    PolicyCommand denyAll = authorizationPolicy("default", "deny-all", labels(), AuthzAction.DENY, anyRequest());

    List<Finding> findings = run(check, mesh(List.of(denyAll), Set.of()),
        authorizationPolicy("default", "allow-get", labels("app", "reviews"), AuthzAction.ALLOW,
            rule(List.of(fromNamespace("admin")), List.of()), getFromFrontend));

    assertEquals(List.of("spec.rules[0]", "spec.rules[1]"), findings.stream().map(Finding::path).toList());
    assertEquals("MSH0003 UnreachableAuthorizationRule", findings.get(0).code());
    assertEquals("AuthorizationPolicy/default/allow-get", findings.get(0).subject());
    assertEquals(Severity.WARNING, findings.get(0).severity());
  }

  @Test
  void shouldReportOnTheCandidateDenyWhenOnlyItIsNew() {
    PolicyCommand allow = authorizationPolicy("default", "allow-get", labels("app", "reviews"), AuthzAction.ALLOW,
        getFromFrontend);

    List<Finding> findings = run(check, mesh(List.of(allow), Set.of()),
        authorizationPolicy("istio-system", "deny-get", labels(), AuthzAction.DENY, getFromFrontend));

    assertEquals(1, findings.size());
    assertEquals("AuthorizationPolicy/istio-system/deny-get", findings.get(0).subject());
    assertEquals("spec.rules[0]", findings.get(0).path());
    assertTrue(findings.get(0).message().contains("AuthorizationPolicy/default/allow-get"), findings.get(0).message());
  }

  @Test
  void shouldStaySilentWhenTheDenyRuleIsNarrowerOrElsewhere() {
    AuthzRule denyGetWithCondition = AuthzRule.newBuilder(getFromFrontend)
        .setWhen(List.of(AuthzCondition.newBuilder().setKey("request.headers[x-block]").setValues(List.of("1")).build()))
        .build();
    MeshView mesh = mesh(List.of(
        authorizationPolicy("default", "deny-conditional", labels(), AuthzAction.DENY, denyGetWithCondition),
        authorizationPolicy("default", "deny-post", labels(), AuthzAction.DENY, rule(List.of(), List.of(method("POST")))),
        authorizationPolicy("default", "deny-v2", labels("app", "reviews", "version", "v2"), AuthzAction.DENY, anyRequest()),
        authorizationPolicy("other", "deny-all", labels(), AuthzAction.DENY, anyRequest())), Set.of());

    List<Finding> findings = run(check, mesh,
        authorizationPolicy("default", "allow-get", labels("app", "reviews"), AuthzAction.ALLOW, getFromFrontend));

    assertEquals(List.of(), findings);
  }
}
