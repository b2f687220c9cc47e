package dev.meshlog.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.cli.read.LocatedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryJsonTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private final ObjectMapper json = new ObjectMapper();

  private static LocatedRecord<String, PolicyEvent> event(int partition, long offset, long sequence, long generation, String name,
      Operation op, String actor, String reason, Instant time) {
    PolicyEvent e = PolicyEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("e" + sequence).setType("x").setSubject("VirtualService/default/" + name)
            .setActor(actor).setReason(reason).setSource(Source.CLI).setTime(time).build())
        .setSequence(sequence).setGeneration(generation).setOperation(op).setApiVersion("networking.istio.io/v1")
        .setKind("VirtualService").setNamespace("default").setName(name)
        .setSpec(op == Operation.DELETE ? null : VirtualServiceSpec.newBuilder().setHosts(List.of("reviews")).build())
        .build();
    return new LocatedRecord<>("mesh.policy.events", partition, offset, time.toEpochMilli(), "VirtualService/default/" + name, e);
  }

  // Two partitions, and clocks that disagree with the chain: sequence decides what is newest.
  private static final List<LocatedRecord<String, PolicyEvent>> LOG = List.of(
      event(0, 0, 1, 1, "reviews", Operation.UPSERT, "alice", "canary v2", T0),
      event(1, 0, 2, 1, "ratings", Operation.UPSERT, "bob", "", T0.plusSeconds(30)),
      event(0, 2, 3, 2, "reviews", Operation.DELETE, "carol", "retire <old> & \"gone\"", T0.plusSeconds(20)));

  @Test
  void shouldListTheNewestChangesFirstWithWhoWhyAndWhereInTheLog() throws Exception {
    assertEquals(json.readTree("""
        {"time": "2026-11-26T11:00:00Z", "limit": 2, "entries": [
          {"time": "2026-11-26T10:00:20Z", "subject": "VirtualService/default/reviews", "kind": "VirtualService",
           "namespace": "default", "name": "reviews", "operation": "DELETE", "generation": 2, "actor": "carol",
           "reason": "retire <old> & \\"gone\\"", "source": "CLI", "sequence": 3, "position": "mesh.policy.events-0@2"},
          {"time": "2026-11-26T10:00:30Z", "subject": "VirtualService/default/ratings", "kind": "VirtualService",
           "namespace": "default", "name": "ratings", "operation": "UPSERT", "generation": 1, "actor": "bob",
           "reason": "", "source": "CLI", "sequence": 2, "position": "mesh.policy.events-1@0"}
        ]}"""), json.readTree(json.writeValueAsString(HistoryJson.of(LOG, 2, T0.plusSeconds(3600)))), "the JSON a client reads");
  }

  @Test
  void shouldReturnAllWhenFewerThanTheLimitAndNoneForAnEmptyLog() {
    Map<String, Object> all = HistoryJson.of(LOG, 50, T0);
    assertEquals(List.of(3L, 2L, 1L), json.valueToTree(all).findValues("sequence").stream().map(n -> n.asLong()).toList());
    assertEquals(0, json.valueToTree(HistoryJson.of(List.of(), 50, T0)).get("entries").size());
  }

  @Test
  void shouldDefaultTheLimitTo50AndRefuseBadValuesNamingTheParameter() {
    assertEquals(50, HistoryJson.limit(null));
    assertEquals(1, HistoryJson.limit("1"));
    assertEquals(500, HistoryJson.limit("500"));
    for (String bad : List.of("0", "501", "-3", "ten", "", "1.5")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HistoryJson.limit(bad));
      assertEquals("limit: must be an integer from 1 to 500, got '" + bad + "'", e.getMessage());
    }
  }
}
