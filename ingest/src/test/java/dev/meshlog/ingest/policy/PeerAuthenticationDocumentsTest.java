package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.fixture;
import static dev.meshlog.ingest.policy.Documents.parsed;
import static dev.meshlog.ingest.policy.Documents.refusedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.PolicyCommand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerAuthenticationDocumentsTest {

  private static final String HEADER = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: pa, namespace: shop}
      spec:
      """;

  @Test
  void shouldReadMeshWideAndPortLevelPolicies() {
    List<PolicyCommand> commands = parsed(fixture("peerauthentication.yaml"));

    assertEquals("PeerAuthentication/istio-system/default", commands.get(0).getEnvelope().getSubject());
    assertEquals(new PeerAuthenticationSpec(Map.of(), MtlsMode.STRICT, Map.of()), commands.get(0).getSpec());
    assertEquals("security.istio.io/v1beta1", commands.get(1).getApiVersion());
    assertEquals(new PeerAuthenticationSpec(Map.of("app", "reviews"), MtlsMode.PERMISSIVE,
        Map.of("9080", MtlsMode.DISABLE, "9443", MtlsMode.STRICT)), commands.get(1).getSpec());
  }

  @Test
  void shouldDefaultToUnset() {
    assertEquals(MtlsMode.UNSET, ((PeerAuthenticationSpec) Documents.parsedOne(HEADER + "  selector: {matchLabels: {app: a}}\n")
        .getSpec()).getMtlsMode());
  }

  @Test
  void shouldRequireSelectorForPortLevelMtls() {
    refusedAt(HEADER + "  portLevelMtls: {8080: {mode: DISABLE}}\n", "spec.portLevelMtls", "needs spec.selector");
  }

  @Test
  void shouldRefuseUnknownModesAndBadPorts() {
    refusedAt(HEADER + "  mtls: {mode: OPTIONAL}\n", "spec.mtls.mode", "unknown value 'OPTIONAL'");
    refusedAt(HEADER + "  selector: {matchLabels: {app: a}}\n  portLevelMtls: {http: {mode: DISABLE}}\n", "spec.portLevelMtls.http",
        "not a port number");
  }

  @Test
  void shouldRefuseUnsupportedFieldsAtTheirPaths() {
    refusedAt(HEADER + "  targetRef: {kind: Service, name: a}\n", "spec.targetRef", "not supported by Meshlog");
    refusedAt(HEADER + "  selector: {matchExpressions: []}\n", "spec.selector.matchExpressions", "unknown field");
  }

  @Test
  void shouldRefuseNetworkingApiVersion() {
    refusedAt(HEADER.replace("security.istio.io/v1", "networking.istio.io/v1") + "  mtls: {mode: STRICT}\n", "apiVersion",
        "supported: security.istio.io/v1, security.istio.io/v1beta1");
  }
}
