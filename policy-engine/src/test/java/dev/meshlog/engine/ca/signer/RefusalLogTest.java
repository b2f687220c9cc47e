package dev.meshlog.engine.ca.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

  @Test
  void shouldLogAtMostAWindowsWorthOfRefusalsAndThenCountTheRest() {
    RefusalLog log = new RefusalLog();
    Instant now = Instant.parse("2026-11-26T00:00:00Z");
    Refusal refusal = new Refusal(RefusalReason.REPLAYED, "token was already used");

    for (int i = 0; i < RefusalLog.PER_WINDOW + 5; i++) {
      log.refused(now, "spiffe://cluster.local/ns/a/sa/b", "p" + i, refusal);
    }
    assertEquals(5, log.suppressed());
    log.refused(now.plus(Duration.ofMinutes(1)), "spiffe://cluster.local/ns/a/sa/b", "p", refusal);
    assertEquals(0, log.suppressed(), "a new window starts, reporting what was dropped");
  }
}
