package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.destinationRule;
import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.subset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DestinationRuleConflictCheckTest {

  private final Check check = new DestinationRuleConflictCheck();
  private final String reviews = host("reviews");

  @Test
  void shouldWarnAboutSecondDestinationRuleForTheSameHost() {
    MeshView mesh = mesh(List.of(destinationRule("reviews", reviews, subset("v1", "version", "v1"))), Set.of(reviews));

    List<Finding> findings = run(check, mesh, destinationRule("reviews-v2", reviews, subset("v2", "version", "v2")));

    assertEquals(1, findings.size());
    assertEquals("MSH0005 ConflictingDestinationRulesHost", findings.get(0).code());
    assertEquals("spec.host", findings.get(0).path());
    assertTrue(findings.get(0).message().contains("DestinationRule/default/reviews"), findings.get(0).message());
  }

  @Test
  void shouldAcceptRulesForDifferentHostsAndReplacementOfTheSameRule() {
    MeshView mesh = mesh(List.of(destinationRule("reviews", reviews)), Set.of(reviews));

    List<Finding> findings = run(check, mesh, destinationRule("reviews", reviews, subset("v1")),
        destinationRule("ratings", host("ratings")));

    assertEquals(List.of(), findings);
  }
}
