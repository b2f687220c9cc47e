package dev.meshlog.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogPointTest {

  private static final Instant NOW = Instant.parse("2026-11-26T14:02:00Z");

  @Test
  void shouldReadAPolicyOffsetOrATime() {
    assertEquals(new LogPoint.AtPolicyOffset(42), LogPoint.parse("--at", "@42", NOW));
    assertEquals(new LogPoint.AtTime(Instant.parse("2026-11-25T14:02:00Z")), LogPoint.parse("--at", "2026-11-25T14:02:00Z", NOW));
    assertEquals(new LogPoint.AtTime(NOW.minus(Duration.ofHours(2))), LogPoint.parse("--at", "2h ago", NOW));
    assertEquals(new LogPoint.AtTime(Instant.ofEpochMilli(1764165720000L)), LogPoint.parse("--at", "1764165720000", NOW));
    assertEquals(new LogPoint.AtTime(NOW), LogPoint.parse("--at", "now", NOW));
  }

  @Test
  void shouldRefuseABadPointNamingTheOption() {
    IllegalArgumentException offset = assertThrows(IllegalArgumentException.class, () -> LogPoint.parse("--to", "@x1", NOW));
    assertTrue(offset.getMessage().startsWith("--to: expected @OFFSET"), offset.getMessage());
    IllegalArgumentException time = assertThrows(IllegalArgumentException.class, () -> LogPoint.parse("--from", "yesterday", NOW));
    assertTrue(time.getMessage().startsWith("--from: "), time.getMessage());
  }

  @Test
  void shouldCutAtTheTimeInclusive() {
    Cutoff cutoff = Cutoff.at(Instant.ofEpochMilli(1000));
    assertTrue(cutoff.includes("a", 0, 7, 1000));
    assertTrue(!cutoff.includes("a", 0, 8, 1001));
    assertTrue(Cutoff.END.includes("a", 0, Long.MAX_VALUE, Long.MAX_VALUE));
  }
}
