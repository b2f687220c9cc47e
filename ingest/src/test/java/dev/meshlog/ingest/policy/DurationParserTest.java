package dev.meshlog.ingest.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationParserTest {

  @Test
  void shouldConvertIstioDurationsToMillis() {
    assertEquals(1500, DurationParser.toMillis("1.5s"));
    assertEquals(250, DurationParser.toMillis("250ms"));
    assertEquals(60_000, DurationParser.toMillis("1m"));
    assertEquals(7_200_000, DurationParser.toMillis("2h"));
    assertEquals(5_400_500, DurationParser.toMillis("1h30m0.5s"));
    assertEquals(2, DurationParser.toMillis("2000us"));
    assertEquals(1, DurationParser.toMillis("1000000ns"));
    assertEquals(0, DurationParser.toMillis("0"));
    assertEquals(0, DurationParser.toMillis("0s"));
    assertEquals(500, DurationParser.toMillis(".5s"));
  }

  @Test
  void shouldRefuseWhatIsNotADuration() {
    for (String text : new String[] {"", "10", "s", "1.5", "1 s", "1sec", "1d", "1s2", "abc"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationParser.toMillis(text), text);
      assertTrue(e.getMessage().contains("is not a duration"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseNegativeAndSubMillisecondDurations() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DurationParser.toMillis("-1s")).getMessage().contains("negative"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DurationParser.toMillis("1500us")).getMessage().contains("finer"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DurationParser.toMillis("99999999999999999h")).getMessage()
        .contains("too long"));
  }
}
