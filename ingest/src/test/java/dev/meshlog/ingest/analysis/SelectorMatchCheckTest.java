package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.authorizationPolicy;
import static dev.meshlog.ingest.analysis.Fixtures.labels;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.peerAuthentication;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.sidecar;
import static dev.meshlog.ingest.analysis.Fixtures.workload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.AuthzAction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectorMatchCheckTest {

  private final Check check = new SelectorMatchCheck();
  private final MeshView mesh = mesh(List.of(), Set.of(), workload("default", "reviews-v1", "app", "reviews", "version", "v1"));

  @Test
  void shouldReportSelectorsMatchingNoWorkloadInTheirNamespace() {
    List<Finding> findings = run(check, mesh,
        authorizationPolicy("default", "ratings", labels("app", "ratings"), AuthzAction.ALLOW),
        peerAuthentication("other", "reviews", labels("app", "reviews"), Map.of()),
        sidecar("default", "reviews-v2", labels("app", "reviews", "version", "v2")));

    assertEquals(List.of("spec.selector", "spec.selector", "spec.workloadSelector"),
        findings.stream().map(Finding::path).toList());
    assertEquals(Set.of("IST0127 NoMatchingWorkloadsFound"), Set.copyOf(findings.stream().map(Finding::code).toList()));
    assertEquals(Severity.INFO, findings.get(0).severity());
  }

  @Test
  void shouldAcceptMatchingSelectorsEmptySelectorsAndRootNamespaceSelectors() {
    List<Finding> findings = run(check, mesh,
        authorizationPolicy("default", "reviews", labels("app", "reviews"), AuthzAction.ALLOW),
        peerAuthentication("default", "namespace-wide", labels(), Map.of()),
        sidecar("istio-system", "reviews", labels("version", "v1")));

    assertEquals(List.of(), findings);
  }
}
