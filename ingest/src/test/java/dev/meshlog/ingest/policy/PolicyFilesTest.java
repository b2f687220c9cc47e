package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.fixture;
import static dev.meshlog.ingest.policy.Documents.parsed;
import static dev.meshlog.ingest.policy.Documents.refused;
import static dev.meshlog.ingest.policy.Documents.refusedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.PolicyCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole files: every kind together, apiVersion variants, and all-or-nothing refusal. */
class PolicyFilesTest {

  private static final String ALL_KINDS = String.join("---\n", fixture("virtualservice-full.yaml"),
      fixture("destinationrule-full.yaml"), fixture("serviceentry-dns.yaml"), fixture("peerauthentication.yaml"),
      fixture("authorizationpolicy.yaml"), fixture("sidecar.yaml"));

  @Test
  void shouldReadEveryKindFromOneMultiDocumentFile() {
    List<PolicyCommand> commands = parsed("---\n\n---\n" + ALL_KINDS + "---\n");

    assertEquals(List.of("VirtualService/shop/reviews", "DestinationRule/shop/reviews", "ServiceEntry/default/external-api",
            "PeerAuthentication/istio-system/default", "PeerAuthentication/shop/reviews", "AuthorizationPolicy/shop/reviews-viewers",
            "AuthorizationPolicy/shop/deny-all", "AuthorizationPolicy/istio-system/audit", "Sidecar/shop/default"),
        commands.stream().map(c -> c.getEnvelope().getSubject()).toList());
  }

  @Test
  void shouldRefuseTheWholeFileForOneBadDocument() {
    String bad = ALL_KINDS + "---\n" + """
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: broken, namespace: shop}
        spec:
          egress: [{hosts: [reviews]}]
        """;

    ValidationError error = Documents.single(refused("mesh.yaml", bad));

    assertEquals("spec.egress[0].hosts[0]", error.path());
  }

  @Test
  void shouldAcceptEveryServedApiVersionOfEachKind() {
    for (String version : List.of("v1", "v1beta1", "v1alpha3")) {
      parsed(fixture("sidecar.yaml").replace("networking.istio.io/v1", "networking.istio.io/" + version));
      parsed(fixture("serviceentry-static.yaml").replace("networking.istio.io/v1beta1", "networking.istio.io/" + version));
    }
    for (String version : List.of("v1", "v1beta1")) {
      parsed(fixture("authorizationpolicy.yaml").replace("security.istio.io/v1beta1", "security.istio.io/v1")
          .replace("security.istio.io/v1", "security.istio.io/" + version));
    }
  }

  @Test
  void shouldRefuseApiVersionsIstioDoesNotServeForTheKind() {
    refusedAt(fixture("sidecar.yaml").replace("networking.istio.io/v1", "security.istio.io/v1"), "apiVersion",
        "unsupported apiVersion security.istio.io/v1 for Sidecar");
    refusedAt(fixture("peerauthentication.yaml").replace("security.istio.io/v1beta1", "security.istio.io/v1alpha1"), "apiVersion",
        "unsupported apiVersion security.istio.io/v1alpha1 for PeerAuthentication");
  }

  @Test
  void shouldIgnoreMetadataKubernetesWritesAndRefuseOtherMetadata() {
    parsed(fixture("virtualservice-full.yaml")); // uid, resourceVersion, managedFields, status...
    refusedAt(fixture("sidecar.yaml").replace("metadata: {name: default, namespace: shop}",
        "metadata: {name: default, namespace: shop, ownerReferences: []}"), "metadata.ownerReferences", "not supported");
    refusedAt(fixture("sidecar.yaml").replace("metadata: {name: default, namespace: shop}",
        "metadata: {name: default, namespace: shop, nmae: x}"), "metadata.nmae", "unknown field");
  }

  @Test
  void shouldRefuseASpecOfTheWrongShapeNamingItsKindsFields() {
    refusedAt(fixture("sidecar.yaml").replace("kind: Sidecar", "kind: PeerAuthentication")
        .replace("networking.istio.io/v1", "security.istio.io/v1"), "spec.workloadSelector", "unknown field");
  }
}
