package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.VirtualServiceSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyListingTest {

  private static PolicyEvent event(String name, Object spec, String document) {
    return PolicyEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId(name).setType("PolicyUpserted").setSubject("VirtualService/default/" + name)
            .setActor("a").setTime(Instant.EPOCH).build())
        .setSequence(1).setGeneration(1).setOperation(Operation.UPSERT).setApiVersion("networking.istio.io/v1")
        .setKind("VirtualService").setNamespace("default").setName(name).setSpec(spec).setDocument(document).build();
  }

  @Test
  void shouldPrintTheAppliedDocumentsSeparatedByDashes() {
    assertEquals("kind: VirtualService # a\n---\nkind: VirtualService # b\n",
        PolicyListing.yaml(List.of(event("a", null, "kind: VirtualService # a\n\n"), event("b", null, "kind: VirtualService # b"))));
  }

  @Test
  void shouldRebuildADocumentFromTheTypedSpecWhenTheEventCarriesNone() {
    VirtualServiceSpec spec = VirtualServiceSpec.newBuilder().setHosts(List.of("reviews.default.svc.cluster.local")).build();
    assertEquals("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: r
          namespace: default
        spec:
          hosts:
          - reviews.default.svc.cluster.local
          http: []
          gateways: []
          tcp: []
        """, PolicyListing.yaml(List.of(event("r", spec, null))));
  }

  @Test
  void shouldListNamesAsSubjects() {
    assertEquals("VirtualService/default/a\nVirtualService/default/b\n", PolicyListing.names(List.of(event("a", null, "x"), event("b", null, "y"))));
  }
}
