package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.labels;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.peerAuthentication;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamespaceWidePolicyCheckTest {

  private final Check check = new NamespaceWidePolicyCheck();

  @Test
  void shouldReportSecondNamespaceWidePeerAuthentication() {
    MeshView mesh = mesh(List.of(peerAuthentication("default", "default", labels(), Map.of())), Set.of());

    List<Finding> findings = run(check, mesh, peerAuthentication("default", "strict", labels(), Map.of()));

    assertEquals(1, findings.size());
    assertEquals("MSH0006 MultipleNamespaceWidePolicies", findings.get(0).code());
    assertEquals(Severity.ERROR, findings.get(0).severity());
    assertEquals("PeerAuthentication/default/strict", findings.get(0).subject());
    assertEquals("spec.selector", findings.get(0).path());
  }

  @Test
  void shouldAcceptOnePerNamespaceAndSelectedPolicies() {
    MeshView mesh = mesh(List.of(peerAuthentication("default", "default", labels(), Map.of())), Set.of());

    List<Finding> findings = run(check, mesh,
        peerAuthentication("other", "default", labels(), Map.of()),
        peerAuthentication("default", "reviews", labels("app", "reviews"), Map.of()));

    assertEquals(List.of(), findings);
  }
}
