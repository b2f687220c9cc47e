package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.destinationRule;
import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DestinationRuleHostCheckTest {

  private final Check check = new DestinationRuleHostCheck();

  @Test
  void shouldWarnAboutDestinationRuleForUnknownHost() {
    List<Finding> findings = run(check, mesh(List.of(), Set.of(host("reviews"))),
        destinationRule("ratings", host("ratings")));

    assertEquals(1, findings.size());
    assertEquals("IST0174 UnknownDestinationRuleHost", findings.get(0).code());
    assertEquals("spec.host", findings.get(0).path());
    assertEquals(Severity.WARNING, findings.get(0).severity());
  }

  @Test
  void shouldAcceptWildcardHostCoveringARegisteredService() {
    List<Finding> findings = run(check, mesh(List.of(), Set.of(host("reviews"))),
        destinationRule("all", "*.default.svc.cluster.local"), destinationRule("reviews", host("reviews")));

    assertEquals(List.of(), findings);
  }
}
