package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void shouldPadColumnsToTheirWidestCellLikeKubectl() {
    String text = new TextTable("NAME", "STATE").row("reviews-v1", "SYNCED").row("a", "NOT SENT").render();
    assertEquals("""
        NAME         STATE
        reviews-v1   SYNCED
        a            NOT SENT
        """, text);
  }

  @Test
  void shouldRefuseARowWithTheWrongNumberOfCells() {
    assertThrows(IllegalArgumentException.class, () -> new TextTable("A", "B").row("only one"));
  }

  @Test
  void shouldPrintAgesInKubectlUnits() {
    Instant now = Instant.parse("2026-01-02T00:00:00Z");
    assertEquals("42s", Ages.since(now.minusSeconds(42), now));
    assertEquals("5m", Ages.since(now.minusSeconds(300), now));
    assertEquals("3h", Ages.since(now.minusSeconds(3 * 3600), now));
    assertEquals("4d", Ages.since(now.minusSeconds(4 * 86400), now));
    assertEquals("0s", Ages.since(now.plusSeconds(2), now), "a writer clock slightly ahead is not a negative age");
    assertEquals("-", Ages.since(null, now));
  }
}
