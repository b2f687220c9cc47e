package dev.meshlog.proxy.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  void shouldDoubleTheCeilingFrom25MsUpTo250Ms() {
    assertEquals(Duration.ofMillis(25), RetryBackoff.ceiling(0));
    assertEquals(Duration.ofMillis(50), RetryBackoff.ceiling(1));
    assertEquals(Duration.ofMillis(100), RetryBackoff.ceiling(2));
    assertEquals(Duration.ofMillis(200), RetryBackoff.ceiling(3));
    assertEquals(Duration.ofMillis(250), RetryBackoff.ceiling(4));
    assertEquals(Duration.ofMillis(250), RetryBackoff.ceiling(63), "no overflow far out");
    assertEquals(Duration.ofMillis(250), RetryBackoff.ceiling(Integer.MAX_VALUE));
  }

  @Test
  void shouldDrawEveryDelayFromZeroUpToTheCeilingExclusive() {
    SplittableRandom random = new SplittableRandom(7);
    for (int retry = 0; retry < 8; retry++) {
      Duration ceiling = RetryBackoff.ceiling(retry);
      Duration shortest = ceiling;
      Duration longest = Duration.ZERO;
      for (int i = 0; i < 2_000; i++) {
        Duration delay = RetryBackoff.delay(retry, random);
        assertTrue(!delay.isNegative() && delay.compareTo(ceiling) < 0, retry + ": " + delay);
        shortest = delay.compareTo(shortest) < 0 ? delay : shortest;
        longest = delay.compareTo(longest) > 0 ? delay : longest;
      }
      // Fully jittered: the draws spread over the whole range, not just near the ceiling.
      assertTrue(shortest.compareTo(ceiling.dividedBy(10)) < 0, retry + " shortest " + shortest);
      assertTrue(longest.compareTo(ceiling.multipliedBy(9).dividedBy(10)) > 0, retry + " longest " + longest);
    }
  }
}
