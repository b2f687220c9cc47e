package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.labels;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.serviceEntry;
import static dev.meshlog.ingest.analysis.Fixtures.sidecar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SidecarEgressHostCheckTest {

  private final Check check = new SidecarEgressHostCheck();

  @Test
  void shouldWarnAboutEgressHostsMatchingNothingKnown() {
    MeshView mesh = mesh(List.of(serviceEntry("egress", "example", "*.example.com")), Set.of(host("reviews")));

    List<Finding> findings = run(check, mesh, sidecar("default", "default", labels(),
        "./reviews.default.svc.cluster.local",   // own namespace, registered
        "other/reviews.default.svc.cluster.local", // wrong namespace
        "*/api.example.com",                      // covered by the wildcard ServiceEntry
        "default/api.example.com",                // ServiceEntry lives in egress, not default
        "./*", "~/*", "istio-system/*",          // namespace-only and nothing: not checked
        "*/ratings.default.svc.cluster.local"));  // unknown

    assertEquals(List.of("spec.egress[0].hosts[1]", "spec.egress[0].hosts[3]", "spec.egress[0].hosts[7]"),
        findings.stream().map(Finding::path).toList());
    assertEquals("MSH0007 SidecarEgressHostNotFound", findings.get(0).code());
    assertEquals(Severity.WARNING, findings.get(0).severity());
  }
}
