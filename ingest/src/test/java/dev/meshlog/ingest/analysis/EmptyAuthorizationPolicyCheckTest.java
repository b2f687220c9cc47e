package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.anyRequest;
import static dev.meshlog.ingest.analysis.Fixtures.authorizationPolicy;
import static dev.meshlog.ingest.analysis.Fixtures.labels;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.AuthzAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmptyAuthorizationPolicyCheckTest {

  private final Check check = new EmptyAuthorizationPolicyCheck();

  @Test
  void shouldWarnThatAnAllowPolicyWithoutRulesAllowsNothing() {
    List<Finding> findings = run(check, MeshView.empty(),
        authorizationPolicy("default", "lockdown", labels("app", "reviews"), AuthzAction.ALLOW));

    assertEquals(1, findings.size());
    assertEquals("MSH0004 AllowNothing", findings.get(0).code());
    assertEquals("spec.rules", findings.get(0).path());
    assertEquals(Severity.WARNING, findings.get(0).severity());
  }

  @Test
  void shouldReportDenyPolicyWithoutRulesAsIneffective() {
    List<Finding> findings = run(check, MeshView.empty(),
        authorizationPolicy("default", "deny-nothing", labels(), AuthzAction.DENY),
        authorizationPolicy("default", "allow-all", labels(), AuthzAction.ALLOW, anyRequest()));

    assertEquals(List.of("IST0167 IneffectivePolicy"), findings.stream().map(Finding::code).toList());
  }
}
