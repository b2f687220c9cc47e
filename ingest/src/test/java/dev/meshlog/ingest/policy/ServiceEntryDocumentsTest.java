package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.fixture;
import static dev.meshlog.ingest.policy.Documents.parsedOne;
import static dev.meshlog.ingest.policy.Documents.refusedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.ServiceEntryLocation;
import dev.meshlog.avro.ServiceEntryPort;
import dev.meshlog.avro.ServiceEntryResolution;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.WorkloadEntrySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEntryDocumentsTest {

  private static final String HEADER = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ext}
      spec:
        hosts: [api.example.com]
        ports: [{number: 443, protocol: HTTPS, name: https}]
      """;

  @Test
  void shouldReadDnsServiceEntryKeepingHostsAsWritten() {
    PolicyCommand command = parsedOne(fixture("serviceentry-dns.yaml"));
    ServiceEntrySpec spec = assertInstanceOf(ServiceEntrySpec.class, command.getSpec());
    assertEquals("ServiceEntry/default/external-api", command.getEnvelope().getSubject());
    assertEquals(List.of("api.example.com", "billing"), spec.getHosts());
    assertEquals(List.of("240.0.0.1/32", "2001:db8::1"), spec.getAddresses());
    assertEquals(List.of(new ServiceEntryPort(443, "HTTPS", "https", null), new ServiceEntryPort(80, "HTTP", "http", 8080)),
        spec.getPorts());
    assertEquals(ServiceEntryLocation.MESH_EXTERNAL, spec.getLocation());
    assertEquals(ServiceEntryResolution.DNS, spec.getResolution());
    assertEquals(new WorkloadEntrySpec("eu.api.example.com", Map.of("https", 8443), Map.of("region", "eu"), 3),
        spec.getEndpoints().get(0));
    assertEquals(new WorkloadEntrySpec("us.api.example.com", Map.of(), Map.of(), null), spec.getEndpoints().get(1));
  }

  @Test
  void shouldReadStaticServiceEntry() {
    ServiceEntrySpec spec = assertInstanceOf(ServiceEntrySpec.class, parsedOne(fixture("serviceentry-static.yaml")).getSpec());
    assertEquals(ServiceEntryLocation.MESH_INTERNAL, spec.getLocation());
    assertEquals(ServiceEntryResolution.STATIC, spec.getResolution());
    assertEquals(List.of("10.0.0.7", "fd00::7"), spec.getEndpoints().stream().map(WorkloadEntrySpec::getAddress).toList());
    assertEquals(Map.of("tcp", 19080), spec.getEndpoints().get(1).getPorts());
    assertNull(spec.getEndpoints().get(0).getWeight());
  }

  @Test
  void shouldDefaultToNoResolutionWithoutEndpoints() {
    ServiceEntrySpec spec = assertInstanceOf(ServiceEntrySpec.class, parsedOne(HEADER).getSpec());
    assertEquals(ServiceEntryResolution.NONE, spec.getResolution());
    assertEquals(ServiceEntryLocation.MESH_EXTERNAL, spec.getLocation());
  }

  @Test
  void shouldApplyIstioResolutionRules() {
    refusedAt(HEADER + "  resolution: STATIC\n", "spec.endpoints", "STATIC needs endpoints");
    refusedAt(HEADER + "  resolution: STATIC\n  endpoints: [{address: db.example.com}]\n", "spec.endpoints[0].address",
        "not an IP address");
    refusedAt(HEADER + "  resolution: DNS\n  endpoints: [{address: 10.0.0.1}]\n", "spec.endpoints[0].address", "not a DNS name");
    refusedAt(HEADER + "  endpoints: [{address: 10.0.0.1}]\n", "spec.endpoints", "NONE takes no endpoints");
    refusedAt(HEADER.replace("[api.example.com]", "[\"*.example.com\"]") + "  resolution: DNS\n", "spec.hosts[0]",
        "wildcard host cannot be resolved by DNS");
    refusedAt(HEADER + "  resolution: DNS_ROUND_ROBIN\n", "spec.resolution", "DNS_ROUND_ROBIN is not supported");
  }

  @Test
  void shouldCheckPortsAddressesAndEndpointPortNames() {
    refusedAt(HEADER.replace("HTTPS", "MONGO"), "spec.ports[0].protocol", "not supported");
    refusedAt(HEADER + "  addresses: [10.0.0.300]\n", "spec.addresses[0]", "not an IP address or CIDR");
    refusedAt(HEADER + "  resolution: STATIC\n  endpoints: [{address: 10.0.0.1, ports: {grpc: 9000}}]\n",
        "spec.endpoints[0].ports.grpc", "names no port");
    refusedAt(HEADER.replace("  ports: [{number: 443, protocol: HTTPS, name: https}]\n", ""), "spec.ports", "at least one port");
  }

  @Test
  void shouldRefuseUnsupportedFieldsAtTheirPaths() {
    refusedAt(HEADER + "  workloadSelector: {labels: {app: vm}}\n", "spec.workloadSelector", "not supported by Meshlog");
    refusedAt(HEADER + "  resolution: STATIC\n  endpoints: [{address: 10.0.0.1, network: n1}]\n", "spec.endpoints[0].network",
        "not supported by Meshlog");
  }
}
