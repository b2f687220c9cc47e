package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.destinationRule;
import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.subset;
import static dev.meshlog.ingest.analysis.Fixtures.workload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubsetSelectionCheckTest {

  private final Check check = new SubsetSelectionCheck();
  private final String reviews = host("reviews");

  @Test
  void shouldWarnAboutSubsetSelectingNoWorkloadOfTheService() {
    MeshView mesh = mesh(List.of(), Set.of(reviews),
        workload("default", "reviews-v1-a", "app", "reviews", "version", "v1"),
        // a v2 workload of another service must not count
        workload("default", "ratings-v2-a", "app", "ratings", "version", "v2"));

    List<Finding> findings = run(check, mesh,
        destinationRule("reviews", reviews, subset("v1", "version", "v1"), subset("v2", "version", "v2")));

    assertEquals(1, findings.size());
    assertEquals("IST0173 DestinationRuleSubsetNotSelectPods", findings.get(0).code());
    assertEquals(Severity.WARNING, findings.get(0).severity());
    assertEquals("spec.subsets[1].labels", findings.get(0).path());
  }

  @Test
  void shouldSkipHostsThatAreNotRegisteredServices() {
    List<Finding> findings = run(check, mesh(List.of(), Set.of()),
        destinationRule("reviews", reviews, subset("v2", "version", "v2")));

    assertEquals(List.of(), findings);
  }

  @Test
  void shouldRequireWorkloadsInTheServiceNamespace() {
    MeshView mesh = mesh(List.of(), Set.of(reviews), workload("other", "reviews-v2", "app", "reviews", "version", "v2"));

    List<Finding> findings = run(check, mesh, destinationRule("reviews", reviews, subset("v2", "version", "v2")));

    assertEquals(1, findings.size());
  }
}
