package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.route;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.to;
import static dev.meshlog.ingest.analysis.Fixtures.virtualService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.VirtualServiceSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VirtualServiceHostConflictCheckTest {

  private final Check check = new VirtualServiceHostConflictCheck();
  private final String reviews = host("reviews");

  @Test
  void shouldReportSecondVirtualServiceForTheSameHost() {
    MeshView mesh = mesh(List.of(virtualService("reviews", List.of(reviews), route(to(reviews)))), Set.of(reviews));

    List<Finding> findings = run(check, mesh,
        virtualService("reviews-canary", List.of(host("other"), reviews), route(to(reviews))));

    assertEquals(1, findings.size());
    Finding f = findings.get(0);
    assertEquals("IST0109 ConflictingMeshGatewayVirtualServiceHosts", f.code());
    assertEquals(Severity.ERROR, f.severity());
    assertEquals("spec.hosts[1]", f.path());
    assertTrue(f.message().contains("VirtualService/default/reviews-canary, VirtualService/default/reviews associated"),
        f.message());
  }

  @Test
  void shouldNotReportACandidateThatReplacesTheMeshResourceOfTheSameName() {
    MeshView mesh = mesh(List.of(virtualService("reviews", List.of(reviews), route(to(reviews)))), Set.of(reviews));

    List<Finding> findings = run(check, mesh, virtualService("reviews", List.of(reviews), route(to(reviews))));

    assertEquals(List.of(), findings);
  }

  @Test
  void shouldIgnoreVirtualServicesBoundOnlyToOtherGateways() {
    PolicyCommand gatewayOnly = virtualService("edge", List.of(reviews), route(to(reviews)));
    VirtualServiceSpec spec = (VirtualServiceSpec) gatewayOnly.getSpec();
    spec.setGateways(List.of("istio-system/ingress"));

    List<Finding> findings = run(check, MeshView.empty(), gatewayOnly,
        virtualService("reviews", List.of(reviews), route(to(reviews))));

    assertEquals(List.of(), findings);
  }
}
