package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.cli.provenance.LogEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeChoiceTest {

  private static final String VS = "VirtualService/default/reviews";
  private static final List<LogEvent> EVENTS = List.of(event(3, 1, "alice"), event(7, 2, "bob"), event(12, 3, "carol"));

  private static LogEvent event(long offset, long generation, String actor) {
    return new LogEvent(VS, "mesh.policy.events", 0, offset, Instant.EPOCH, actor, "", "CLI", "UPSERT", Optional.of(generation));
  }

  @Test
  void shouldFollowTheNewestChangeUnlessAnOffsetOrGenerationIsGiven() {
    assertEquals("carol", ChangeChoice.of(VS, EVENTS, Optional.empty(), Optional.empty()).actor());
    assertEquals("bob", ChangeChoice.of(VS, EVENTS, Optional.of(7L), Optional.empty()).actor());
    assertEquals("alice", ChangeChoice.of(VS, EVENTS, Optional.empty(), Optional.of(1L)).actor());
  }

  @Test
  void shouldRefuseAnOffsetOrGenerationTheResourceNeverHadNamingTheChoices() {
    IllegalArgumentException offset = assertThrows(IllegalArgumentException.class,
        () -> ChangeChoice.of(VS, EVENTS, Optional.of(8L), Optional.empty()));
    assertEquals("--event 8: no event of " + VS + " at that offset (its events are at 3, 7, 12)", offset.getMessage());
    IllegalArgumentException generation = assertThrows(IllegalArgumentException.class,
        () -> ChangeChoice.of(VS, EVENTS, Optional.empty(), Optional.of(9L)));
    assertEquals("--generation 9: " + VS + " has generations 1, 2, 3", generation.getMessage());
  }
}
