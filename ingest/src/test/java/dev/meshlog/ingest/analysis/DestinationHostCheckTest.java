package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.route;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.serviceEntry;
import static dev.meshlog.ingest.analysis.Fixtures.to;
import static dev.meshlog.ingest.analysis.Fixtures.virtualService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DestinationHostCheckTest {

  private final Check check = new DestinationHostCheck();
  private final String reviews = host("reviews");

  @Test
  void shouldWarnAboutDestinationHostWithNoServiceAndNoServiceEntry() {
    MeshView mesh = mesh(List.of(), Set.of(reviews));

    List<Finding> findings = run(check, mesh,
        virtualService("reviews", List.of(reviews), route(to(reviews)), route(to(host("ratings")))));

    assertEquals(1, findings.size());
    Finding f = findings.get(0);
    assertEquals(Severity.WARNING, f.severity());
    assertEquals("IST0101 ReferencedResourceNotFound", f.code());
    assertEquals("spec.http[1].route[0].destination.host", f.path());
    assertTrue(f.message().contains("a warning in Meshlog"), f.message());
  }

  @Test
  void shouldAcceptHostOfAWildcardServiceEntryAmongTheCandidates() {
    List<Finding> findings = run(check, MeshView.empty(),
        virtualService("ext", List.of("api.example.com"), route(to("api.example.com"))),
        serviceEntry("default", "example", "*.example.com"));

    assertEquals(List.of(), findings);
  }
}
