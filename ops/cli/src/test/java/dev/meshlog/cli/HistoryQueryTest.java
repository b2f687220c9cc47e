package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.VirtualServiceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryQueryTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private static PolicyEvent event(long sequence, String name, Operation op, String host, String actor, Instant time) {
    return PolicyEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("e" + sequence).setType("x").setSubject("VirtualService/default/" + name)
            .setActor(actor).setReason("r" + sequence).setSource(Source.CLI).setTime(time).build())
        .setSequence(sequence).setGeneration(1).setOperation(op).setApiVersion("networking.istio.io/v1")
        .setKind("VirtualService").setNamespace("default").setName(name)
        .setSpec(op == Operation.DELETE ? null : VirtualServiceSpec.newBuilder().setHosts(List.of(host)).build())
        .build();
  }

  private static final List<PolicyEvent> LOG = List.of(
      event(1, "reviews", Operation.UPSERT, "reviews.v1", "alice", T0),
      event(2, "ratings", Operation.UPSERT, "ratings", "bob", T0.plusSeconds(30)),
      event(3, "reviews", Operation.UPSERT, "reviews.v2", "bob", T0.plusSeconds(60)),
      event(4, "reviews", Operation.DELETE, "", "carol", T0.plusSeconds(60)));

  @Test
  void shouldDiffEachVersionAgainstTheResourcesPreviousOne() {
    List<HistoryEntry> all = HistoryQuery.EVERYTHING.select(LOG);
    assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(HistoryEntry::sequence).toList());
    assertTrue(all.get(0).diff().lines().allMatch(l -> l.startsWith("+")), all.get(0).diff());
    assertTrue(all.get(2).diff().contains("-  - reviews.v1\n+  - reviews.v2\n"), all.get(2).diff());
    assertTrue(all.get(3).diff().lines().allMatch(l -> l.startsWith("-")), all.get(3).diff());
    assertEquals("delete", all.get(3).type());
    assertTrue(all.get(2).text().startsWith("2026-11-26T10:01:00Z  #3  upsert  VirtualService/default/reviews  actor=bob  source=CLI  reason=r3\n"),
        all.get(2).text());
  }

  @Test
  void shouldSortByEventTimeThenSequence() {
    List<PolicyEvent> skewed = List.of(LOG.get(3), LOG.get(0), LOG.get(2), event(5, "late", Operation.UPSERT, "x", "a", T0.minusSeconds(5)));
    assertEquals(List.of(5L, 1L, 3L, 4L), HistoryQuery.EVERYTHING.select(skewed).stream().map(HistoryEntry::sequence).toList());
  }

  @Test
  void shouldFilterByResourceActorAndWindowButDiffAgainstVersionsOutsideIt() {
    Optional<ResourceRef> reviews = Optional.of(ResourceRef.parse("vs/default/reviews"));
    assertEquals(List.of(1L, 3L, 4L), new HistoryQuery(reviews, Optional.empty(), Optional.empty(), Optional.empty())
        .select(LOG).stream().map(HistoryEntry::sequence).toList());
    assertEquals(List.of(2L, 3L), new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("bob"))
        .select(LOG).stream().map(HistoryEntry::sequence).toList());
    List<HistoryEntry> window = new HistoryQuery(reviews, Optional.of(T0.plusSeconds(1)), Optional.of(T0.plusSeconds(61)), Optional.empty())
        .select(LOG);
    assertEquals(List.of(3L, 4L), window.stream().map(HistoryEntry::sequence).toList());
    assertTrue(window.get(0).diff().contains("-  - reviews.v1\n"), "diffed against the version before the window: " + window.get(0).diff());
    assertEquals(List.of(), new HistoryQuery(reviews, Optional.empty(), Optional.of(T0), Optional.empty()).select(LOG));
  }

  @Test
  void shouldParseInstantsAndRelativeTimes() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    assertEquals(Instant.parse("2026-11-26T10:00:00Z"), Times.parse("--since", "2h ago", now));
    assertEquals(Instant.parse("2026-11-26T11:30:00Z"), Times.parse("--since", "30m", now));
    assertEquals(Instant.parse("2026-11-26T13:02:00Z"), Times.parse("--since", "2026-11-26T14:02:00+01:00", now));
    assertEquals(Instant.parse("2026-11-25T14:02:00Z"), Times.parse("--since", "2026-11-25T14:02:00Z", now));
    assertEquals(now, Times.parse("--until", "now", now));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Times.parse("--until", "yesterday", now));
    assertTrue(bad.getMessage().startsWith("--until: expected an ISO-8601 instant"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Times.parse("--since", "2026-13-01T00:00:00Z", now));
  }
}
