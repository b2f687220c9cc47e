package dev.meshlog.ingest.kubernetes.istio;

import static dev.meshlog.ingest.kubernetes.istio.IstioObjects.managed;
import static dev.meshlog.ingest.kubernetes.istio.IstioObjects.object;
import static dev.meshlog.ingest.kubernetes.istio.IstioObjects.virtualService;
import static dev.meshlog.ingest.kubernetes.istio.IstioObjects.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.VirtualServiceSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IstioDocumentsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  private static PolicyCommand converted(Conversion conversion) {
    return assertInstanceOf(Conversion.Converted.class, conversion, conversion.toString()).command();
  }

  @Test
  void shouldTurnAVirtualServiceIntoAnUpsertByTheNewestFieldManager() {
    PolicyCommand command = converted(IstioDocuments.convert(virtualService("shop", "reviews", weights(80, 20),
        managed("helm", "Update", "2026-11-20T10:00:00Z"),
        managed("kubectl-client-side-apply", "Update", "2026-11-25T10:00:00Z"),
        managed("old-operator", "Apply", "2026-11-01T10:00:00Z")), CLOCK));

    assertEquals(Operation.UPSERT, command.getOperation());
    assertEquals("VirtualService/shop/reviews", command.getEnvelope().getSubject());
    assertEquals("networking.istio.io/v1", command.getApiVersion());
    assertEquals("kubectl-client-side-apply", command.getEnvelope().getActor());
    assertEquals(Source.KUBERNETES, command.getEnvelope().getSource());
    assertEquals("update via Kubernetes (generation 3)", command.getEnvelope().getReason());
    VirtualServiceSpec spec = assertInstanceOf(VirtualServiceSpec.class, command.getSpec());
    assertEquals(List.of("reviews.shop.svc.cluster.local"), spec.getHosts(), "short hosts resolved in the object's namespace");
    assertEquals(80, spec.getHttp().get(0).getRoute().get(0).getWeight());
    assertTrue(command.getDocument().contains("generation: 3"), command.getDocument());
    assertFalse(command.getDocument().contains("observedGeneration"), "status is not policy: " + command.getDocument());
  }

  @Test
  void shouldLetTheAnnotationsNameTheActorAndReason() {
    PolicyCommand command = converted(IstioDocuments.convert(object("networking.istio.io/v1", "VirtualService", "shop", "reviews",
        weights(50, 50), Map.of("meshlog.dev/actor", "alice@example.com", "meshlog.dev/reason", "canary step 2"),
        List.of(managed("kubectl-client-side-apply", "Update", "2026-11-25T10:00:00Z"))), CLOCK));

    assertEquals("alice@example.com", command.getEnvelope().getActor());
    assertEquals("canary step 2", command.getEnvelope().getReason());
  }

  @Test
  void shouldAttributeAnObjectWithoutManagedFieldsToKubernetes() {
    PolicyCommand command = converted(IstioDocuments.convert(virtualService("shop", "reviews", weights(50, 50)), CLOCK));
    assertEquals("kubernetes", command.getEnvelope().getActor());
    assertEquals("kubernetes", ObjectAttribution.ofDeletion(virtualService("shop", "reviews", weights(1, 99),
        managed("kubectl", "Update", "2026-11-25T10:00:00Z"))).actor(), "who deleted is unknown: not the last writer");
  }

  @Test
  void shouldTypeEverySixKindsUnderTheirApiGroups() {
    record Case(String apiVersion, String kind, Map<String, Object> spec, Class<?> type) {}
    List<Case> cases = List.of(
        new Case("networking.istio.io/v1", "DestinationRule", Map.of("host", "reviews",
            "subsets", List.of(Map.of("name", "v1", "labels", Map.of("version", "v1")))), DestinationRuleSpec.class),
        new Case("networking.istio.io/v1", "ServiceEntry", Map.of("hosts", List.of("api.example.com"),
            "ports", List.of(Map.of("number", 443, "name", "https", "protocol", "TLS")), "resolution", "DNS",
            "location", "MESH_EXTERNAL"), ServiceEntrySpec.class),
        new Case("networking.istio.io/v1", "Sidecar", Map.of("egress", List.of(Map.of("hosts", List.of("./*")))), SidecarSpec.class),
        new Case("security.istio.io/v1", "PeerAuthentication", Map.of("mtls", Map.of("mode", "STRICT")), PeerAuthenticationSpec.class),
        new Case("security.istio.io/v1", "AuthorizationPolicy", Map.of("action", "ALLOW", "rules", List.of(Map.of("from",
            List.of(Map.of("source", Map.of("principals", List.of("cluster.local/ns/shop/sa/client"))))))), AuthorizationPolicySpec.class));
    for (Case c : cases) {
      PolicyCommand command = converted(IstioDocuments.convert(object(c.apiVersion(), c.kind(), "shop", "x", c.spec(), Map.of(), List.of()), CLOCK));
      assertEquals(c.kind() + "/shop/x", command.getEnvelope().getSubject());
      assertEquals(c.apiVersion(), command.getApiVersion());
      assertInstanceOf(c.type(), command.getSpec(), c.kind());
    }
  }

  @Test
  void shouldRefuseAnInvalidObjectNamingTheFieldAndReason() {
    Conversion conversion = IstioDocuments.convert(virtualService("shop", "reviews", weights(120, -20)), CLOCK);

    Conversion.Refused refused = assertInstanceOf(Conversion.Refused.class, conversion);
    assertEquals("VirtualService/shop/reviews", refused.subject());
    assertTrue(refused.errors().stream().anyMatch(e -> e.path().equals("spec.http[0].route[0].weight")
        && e.reason().contains("must be <= 100") && e.file().equals("kubernetes:VirtualService/shop/reviews")), refused.errors().toString());
  }

  @Test
  void shouldRefuseAnUnknownFieldInsteadOfDroppingIt() {
    Conversion conversion = IstioDocuments.convert(virtualService("shop", "reviews",
        Map.of("hosts", List.of("reviews"), "htp", List.of())), CLOCK);
    assertInstanceOf(Conversion.Refused.class, conversion);
  }
}
