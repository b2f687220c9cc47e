package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.CLOCK;
import static dev.meshlog.ingest.policy.Documents.WHO;
import static dev.meshlog.ingest.policy.Documents.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.ingest.policy.model.PolicyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDeletesTest {

  @Test
  void shouldBuildAValidDeleteForEveryKind() {
    for (PolicyKind kind : PolicyKind.values()) {
      PolicyCommand delete = PolicyCommands.delete(kind.kind(), "shop", "x", WHO, CLOCK);

      assertEquals(List.of(), PolicyValidator.validate(delete), kind::kind);
      assertEquals(kind.kind() + "/shop/x", delete.getEnvelope().getSubject());
    }
  }

  @Test
  void shouldTurnEveryDocumentOfAFileIntoADelete() {
    String file = String.join("---\n", fixture("virtualservice-full.yaml"), fixture("destinationrule-full.yaml"),
        fixture("serviceentry-static.yaml"), fixture("peerauthentication.yaml"), fixture("authorizationpolicy.yaml"),
        fixture("sidecar.yaml"));

    List<PolicyCommand> deletes = parsedDeletes(file);

    assertEquals(List.of("VirtualService/shop/reviews", "DestinationRule/shop/reviews", "ServiceEntry/legacy/vms",
            "PeerAuthentication/istio-system/default", "PeerAuthentication/shop/reviews", "AuthorizationPolicy/shop/reviews-viewers",
            "AuthorizationPolicy/shop/deny-all", "AuthorizationPolicy/istio-system/audit", "Sidecar/shop/default"),
        deletes.stream().map(d -> d.getEnvelope().getSubject()).toList());
    for (PolicyCommand delete : deletes) {
      assertEquals(Operation.DELETE, delete.getOperation());
      assertEquals(PolicyCommands.DELETE_REQUESTED, delete.getEnvelope().getType());
      assertEquals("cli:alice", delete.getEnvelope().getActor());
      assertNull(delete.getSpec());
      assertEquals(List.of(), PolicyValidator.validate(delete));
    }
  }

  @Test
  void shouldNotValidateTheSpecOfADeletedDocument() {
    List<PolicyCommand> deletes = parsedDeletes("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: old, namespace: shop}
        spec:
          hosts: ["*"]
          corsPolicy: {}
        """);

    assertEquals("VirtualService/shop/old", Documents.single(deletes).getEnvelope().getSubject());
  }

  @Test
  void shouldRefuseDeletesOfUnknownKindsOrBadNames() {
    ParseResult result = PolicyDocuments.parseDeletes("del.yaml", """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: ingress}
        ---
        kind: Sidecar
        metadata: {name: Bad_Name}
        """, WHO, CLOCK);

    List<ValidationError> errors = assertInstanceOf(ParseResult.Refused.class, result).errors();
    assertEquals(List.of("kind", "metadata.name"), errors.stream().map(ValidationError::path).toList());
    errors.forEach(e -> assertEquals("del.yaml", e.file()));
  }

  @Test
  void shouldReadDeletesFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sidecar.yaml");
    Files.writeString(file, fixture("sidecar.yaml"));

    ParseResult result = PolicyDocuments.parseDeletesFile(file, WHO, CLOCK);

    assertEquals("Sidecar/shop/default", Documents.single(assertInstanceOf(ParseResult.Parsed.class, result).commands())
        .getEnvelope().getSubject());
    assertEquals("cannot read the file: no such file", Documents.single(assertInstanceOf(ParseResult.Refused.class,
        PolicyDocuments.parseDeletesFile(dir.resolve("missing.yaml"), WHO, CLOCK)).errors()).reason());
  }

  private static List<PolicyCommand> parsedDeletes(String yaml) {
    return assertInstanceOf(ParseResult.Parsed.class, PolicyDocuments.parseDeletes("del.yaml", yaml, WHO, CLOCK)).commands();
  }
}
