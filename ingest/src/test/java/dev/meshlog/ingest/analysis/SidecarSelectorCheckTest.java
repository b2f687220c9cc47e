package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.labels;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.sidecar;
import static dev.meshlog.ingest.analysis.Fixtures.workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SidecarSelectorCheckTest {

  private final Check check = new SidecarSelectorCheck();

  @Test
  void shouldReportTwoSidecarsWithoutSelectorInOneNamespace() {
    MeshView mesh = mesh(List.of(sidecar("default", "default", labels())), Set.of());

    List<Finding> findings = run(check, mesh, sidecar("default", "narrow", labels()), sidecar("other", "default", labels()));

    assertEquals(1, findings.size());
    assertEquals("IST0111 MultipleSidecarsWithoutWorkloadSelectors", findings.get(0).code());
    assertEquals(Severity.ERROR, findings.get(0).severity());
    assertEquals("Sidecar/default/narrow", findings.get(0).subject());
    assertEquals("spec.workloadSelector", findings.get(0).path());
  }

  @Test
  void shouldReportSidecarsWhoseSelectorsPickTheSameWorkload() {
    MeshView mesh = mesh(List.of(sidecar("default", "reviews", labels("app", "reviews"))), Set.of(),
        workload("default", "reviews-v2-a", "app", "reviews", "version", "v2"));

    List<Finding> overlapping = run(check, mesh, sidecar("default", "v2", labels("version", "v2")));
    List<Finding> disjoint = run(check, mesh, sidecar("default", "v3", labels("version", "v3")));

    assertEquals(1, overlapping.size());
    assertEquals("IST0110 ConflictingSidecarWorkloadSelectors", overlapping.get(0).code());
    assertTrue(overlapping.get(0).message().contains("reviews-v2-a"), overlapping.get(0).message());
    assertEquals(List.of(), disjoint);
  }
}
