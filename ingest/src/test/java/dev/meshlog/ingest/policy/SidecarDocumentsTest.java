package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.fixture;
import static dev.meshlog.ingest.policy.Documents.parsedOne;
import static dev.meshlog.ingest.policy.Documents.refusedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.SidecarEgress;
import dev.meshlog.avro.SidecarSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SidecarDocumentsTest {

  private static final String HEADER = """
      apiVersion: networking.istio.io/v1
      kind: Sidecar
      metadata: {name: default, namespace: shop}
      spec:
      """;

  @Test
  void shouldReadEgressHostsWithoutExpandingThem() {
    SidecarSpec spec = (SidecarSpec) parsedOne(fixture("sidecar.yaml")).getSpec();

    assertEquals(Map.of("app", "reviews"), spec.getWorkloadSelector());
    assertEquals(new SidecarEgress(9080, List.of("./ratings.shop.svc.cluster.local")), spec.getEgress().get(0));
    assertEquals(new SidecarEgress(null, List.of("./*", "istio-system/*", "*/api.example.com", "~/*",
        "payments/*.payments.svc.cluster.local")), spec.getEgress().get(1));
  }

  @Test
  void shouldRefuseHostsOutsideNamespaceSlashNameForm() {
    refusedAt(HEADER + "  egress: [{hosts: [reviews]}]\n", "spec.egress[0].hosts[0]", "not in namespace/dnsName form");
    refusedAt(HEADER + "  egress: [{hosts: [Shop/*]}]\n", "spec.egress[0].hosts[0]", "is not a namespace");
    refusedAt(HEADER + "  egress: [{hosts: [\"./bad_name\"]}]\n", "spec.egress[0].hosts[0]", "is not a host name");
  }

  @Test
  void shouldRequireEgressAndOneCatchAllAtMost() {
    refusedAt(HEADER + "  workloadSelector: {labels: {app: a}}\n", "spec.egress", "at least one egress listener");
    refusedAt(HEADER + "  egress: [{hosts: [./*]}, {hosts: [istio-system/*]}]\n", "spec.egress[1]", "only one egress listener");
  }

  @Test
  void shouldRefuseEgressPortsWithoutNumberOrWithProtocol() {
    refusedAt(HEADER + "  egress: [{port: {}, hosts: [./*]}]\n", "spec.egress[0].port.number", "is required");
    refusedAt(HEADER + "  egress: [{port: {number: 0}, hosts: [./*]}]\n", "spec.egress[0].port.number", "between 1 and 65535");
    refusedAt(HEADER + "  egress: [{port: {number: 80, protocol: HTTP}, hosts: [./*]}]\n", "spec.egress[0].port.protocol",
        "not supported by Meshlog");
  }

  @Test
  void shouldRefuseIngressAndOutboundTrafficPolicy() {
    refusedAt(HEADER + "  egress: [{hosts: [./*]}]\n  ingress: []\n", "spec.ingress", "not supported by Meshlog");
    refusedAt(HEADER + "  egress: [{hosts: [./*]}]\n  outboundTrafficPolicy: {mode: REGISTRY_ONLY}\n", "spec.outboundTrafficPolicy",
        "not supported by Meshlog");
  }
}
