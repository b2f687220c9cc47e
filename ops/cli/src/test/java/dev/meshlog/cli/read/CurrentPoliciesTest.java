package dev.meshlog.cli.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CurrentPoliciesTest {

  private static long sequence;

  static PolicyEvent event(Operation operation, String kind, String namespace, String name, String document) {
    sequence++;
    return PolicyEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("e" + sequence).setType("t").setSubject(kind + "/" + namespace + "/" + name)
            .setActor("test").setTime(Instant.EPOCH).build())
        .setSequence(sequence).setGeneration(1).setOperation(operation).setKind(kind).setNamespace(namespace).setName(name)
        .setSpec(null).setDocument(document).build();
  }

  private static List<String> names(List<PolicyEvent> events) {
    return events.stream().map(e -> e.getKind() + "/" + e.getNamespace() + "/" + e.getName() + "=" + e.getDocument()).toList();
  }

  @Test
  void shouldKeepTheLatestEventPerSubjectAndDropDeletedOnes() {
    CurrentPolicies current = CurrentPolicies.fold(List.of(
        event(Operation.UPSERT, "VirtualService", "default", "reviews", "v1"),
        event(Operation.UPSERT, "DestinationRule", "default", "reviews", "dr"),
        event(Operation.UPSERT, "VirtualService", "default", "ratings", "r"),
        event(Operation.UPSERT, "VirtualService", "default", "reviews", "v2"),
        event(Operation.DELETE, "VirtualService", "default", "ratings", null)));
    assertEquals(List.of("VirtualService/default/reviews=v2", "DestinationRule/default/reviews=dr"), names(current.all()));
    assertEquals(Optional.empty(), current.find("VirtualService/default/ratings"));
  }

  @Test
  void shouldSelectByKindAndNamespaceInKindThenNamespaceThenNameOrder() {
    CurrentPolicies current = CurrentPolicies.fold(List.of(
        event(Operation.UPSERT, "Sidecar", "default", "s", "s"),
        event(Operation.UPSERT, "VirtualService", "prod", "b", "b"),
        event(Operation.UPSERT, "VirtualService", "default", "z", "z"),
        event(Operation.UPSERT, "VirtualService", "default", "a", "a")));
    assertEquals(List.of("VirtualService/default/a=a", "VirtualService/default/z=z"),
        names(current.select(List.of("VirtualService"), Optional.of("default"))));
    assertEquals(List.of("VirtualService/default/a=a", "VirtualService/default/z=z", "VirtualService/prod/b=b", "Sidecar/default/s=s"),
        names(current.select(List.of("Sidecar", "VirtualService"), Optional.empty())));
  }
}
