package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.FILE;
import static dev.meshlog.ingest.analysis.Fixtures.delete;
import static dev.meshlog.ingest.analysis.Fixtures.destinationRule;
import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.mirrored;
import static dev.meshlog.ingest.analysis.Fixtures.route;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.subset;
import static dev.meshlog.ingest.analysis.Fixtures.to;
import static dev.meshlog.ingest.analysis.Fixtures.virtualService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubsetReferenceCheckTest {

  private final Check check = new SubsetReferenceCheck();
  private final String reviews = host("reviews");

  @Test
  void shouldReportRouteToSubsetNoDestinationRuleDefines() {
    List<Finding> findings = run(check, MeshView.empty(),
        virtualService("reviews", List.of(reviews), route(to(reviews, "v1"), to(reviews, "v3"))),
        destinationRule("reviews", reviews, subset("v1", "version", "v1")));

    assertEquals(1, findings.size());
    Finding f = findings.get(0);
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("IST0101 ReferencedResourceNotFound", f.code());
    assertEquals("VirtualService/default/reviews", f.subject());
    assertEquals(FILE, f.file());
    assertEquals("spec.http[0].route[1].destination.subset", f.path());
    assertTrue(f.message().contains("\"v3\""), f.message());
  }

  @Test
  void shouldAcceptSubsetDefinedByDestinationRuleAlreadyInTheMesh() {
    MeshView mesh = mesh(List.of(destinationRule("reviews", reviews, subset("v1", "version", "v1"))), Set.of(reviews));

    List<Finding> findings = run(check, mesh, virtualService("reviews", List.of(reviews), route(to(reviews, "v1"))));

    assertEquals(List.of(), findings);
  }

  @Test
  void shouldReportMirrorToMissingSubset() {
    List<Finding> findings = run(check, MeshView.empty(),
        virtualService("reviews", List.of(reviews), mirrored(route(to(reviews)), reviews, "shadow")));

    assertEquals(List.of("spec.http[0].mirror.subset"), findings.stream().map(Finding::path).toList());
  }

  @Test
  void shouldBlameCandidateThatRemovesSubsetAMeshRouteUses() {
    MeshView mesh = mesh(List.of(
        virtualService("reviews", List.of(reviews), route(to(reviews, "v2"))),
        destinationRule("reviews", reviews, subset("v1", "version", "v1"), subset("v2", "version", "v2"))), Set.of(reviews));

    List<Finding> changed = run(check, mesh, destinationRule("reviews", reviews, subset("v1", "version", "v1")));
    List<Finding> deleted = run(check, mesh, delete(Kinds.DESTINATION_RULE, Fixtures.NS, "reviews"));

    assertEquals(1, changed.size());
    assertEquals("DestinationRule/default/reviews", changed.get(0).subject());
    assertEquals("spec.subsets", changed.get(0).path());
    assertTrue(changed.get(0).message().contains("VirtualService/default/reviews"), changed.get(0).message());
    assertEquals(1, deleted.size());
    assertEquals(FILE, deleted.get(0).file());
    assertEquals("", deleted.get(0).path());
  }

  @Test
  void shouldNotReportMeshRouteBrokenBeforeTheCandidates() {
    MeshView mesh = mesh(List.of(virtualService("reviews", List.of(reviews), route(to(reviews, "v9")))), Set.of(reviews));

    List<Finding> findings = run(check, mesh, destinationRule("reviews", reviews, subset("v1", "version", "v1")));

    assertEquals(List.of(), findings);
  }
}
