package dev.meshlog.cli.replay;

import static dev.meshlog.cli.replay.ReplayFixtures.ENTRY;
import static dev.meshlog.cli.replay.ReplayFixtures.REVIEWS;
import static dev.meshlog.cli.replay.ReplayFixtures.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.schemas.Subjects;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which compensating commands bring the resources of now back to those of a point, in what order, attributed. */
class RollbackPlanTest {

  private static Map<String, PolicyEvent> bySubject(List<PolicyEvent> events) {
    Map<String, PolicyEvent> map = new TreeMap<>();
    events.forEach(e -> map.put(Subjects.of(e.getKind(), e.getNamespace(), e.getName()), e));
    return map;
  }

  @Test
  void shouldRestoreChangedAndDeletedResourcesAndDeleteNewOnes() {
    Map<String, PolicyEvent> then = bySubject(events(REVIEWS.formatted(90, 10) + "---\n" + ENTRY.formatted("api", "api"), 1, "alice"));
    Map<String, PolicyEvent> now = new TreeMap<>(then);
    now.putAll(bySubject(events(REVIEWS.formatted(50, 50), 4, "bob")));         // VirtualService changed (and the DR re-applied as it was)
    now.putAll(bySubject(events(ENTRY.formatted("httpbin", "httpbin"), 6, "bob"))); // created since
    now.remove("ServiceEntry/default/api");                                          // deleted since

    RollbackPlan plan = RollbackPlan.between(then, now);
    assertEquals(List.of(
        "recreate ServiceEntry/default/api (generation 1, sequence 3)",
        "restore  VirtualService/default/reviews (generation 1, sequence 2)",
        "delete   ServiceEntry/default/httpbin (created since)"), plan.steps().stream().map(RollbackPlan.Step::describe).toList());

    Clock clock = Clock.fixed(Instant.parse("2026-11-26T15:00:00Z"), ZoneOffset.UTC);
    List<PolicyCommand> commands = plan.steps().stream()
        .map(s -> s.command(new Attribution("carol", "undo the canary", Source.CLI), clock)).toList();
    PolicyCommand restore = commands.get(1);
    assertEquals(Operation.UPSERT, restore.getOperation());
    assertEquals(then.get("VirtualService/default/reviews").getSpec(), restore.getSpec(), "the spec in force then, as it was");
    assertEquals("carol", restore.getEnvelope().getActor());
    assertEquals("undo the canary", restore.getEnvelope().getReason());
    assertEquals(Source.CLI, restore.getEnvelope().getSource());
    assertEquals(Operation.DELETE, commands.get(2).getOperation());
    assertEquals("ServiceEntry/default/httpbin", commands.get(2).getEnvelope().getSubject());
  }

  @Test
  void shouldHaveNothingToDoWhenOnlyTheAppliedTextDiffers() {
    Map<String, PolicyEvent> then = bySubject(events(REVIEWS.formatted(90, 10), 1, "alice"));
    Map<String, PolicyEvent> now = bySubject(events("# reformatted\n" + REVIEWS.formatted(90, 10), 3, "bob"));
    assertTrue(RollbackPlan.between(then, now).isEmpty());
    assertTrue(RollbackPlan.between(then, then).isEmpty());
  }
}
