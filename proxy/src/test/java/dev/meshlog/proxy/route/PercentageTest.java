package dev.meshlog.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PercentageTest {

  /** A generator that fails the test if asked anything. */
  private static final RandomGenerator UNUSED = () -> {
    throw new AssertionError("no draw expected");
  };

  @Test
  void shouldHoldPercentagesAsPartsPerMillionRoundedNotTruncated() {
    assertEquals(0, Percentage.of(0).perMillion());
    assertEquals(1, Percentage.of(0.0001).perMillion());
    assertEquals(2_900, Percentage.of(0.29).perMillion(), "0.29 * 10000 is 2899.9999... in doubles");
    assertEquals(125_000, Percentage.of(12.5).perMillion());
    assertEquals(1_000_000, Percentage.of(100).perMillion());
  }

  @Test
  void shouldRejectPercentagesOutside0To100() {
    assertThrows(IllegalArgumentException.class, () -> Percentage.of(-0.1));
    assertThrows(IllegalArgumentException.class, () -> Percentage.of(100.01));
    assertThrows(IllegalArgumentException.class, () -> Percentage.of(Double.NaN));
  }

  @Test
  void shouldNeverDrawAt0AndAlwaysAt100WithoutAskingTheGenerator() {
    assertFalse(Percentage.NEVER.sample(UNUSED));
    assertTrue(Percentage.ALWAYS.sample(UNUSED));
  }

  @Test
  void shouldCompareOneDrawInAMillionAgainstTheShare() {
    RandomGenerator justBelow = fixed(249_999);
    RandomGenerator atShare = fixed(250_000);
    assertTrue(Percentage.of(25).sample(justBelow));
    assertFalse(Percentage.of(25).sample(atShare));
    assertTrue(Percentage.of(0.0001).sample(fixed(0)));
    assertFalse(Percentage.of(0.0001).sample(fixed(1)));
  }

  @Test
  void shouldSampleAboutItsShareOfManyDraws() {
    RandomGenerator random = new SplittableRandom(42);
    Percentage tenth = Percentage.of(10);
    int hits = 0;
    for (int i = 0; i < 100_000; i++) {
      hits += tenth.sample(random) ? 1 : 0;
    }
    assertTrue(hits > 9_000 && hits < 11_000, "10% of 100000 draws, got " + hits);
    assertEquals(0, countHits(Percentage.of(0), new Random(7)));
  }

  private static int countHits(Percentage percentage, RandomGenerator random) {
    int hits = 0;
    for (int i = 0; i < 10_000; i++) {
      hits += percentage.sample(random) ? 1 : 0;
    }
    return hits;
  }

  /** Answers every bounded int draw with {@code value}. */
  private static RandomGenerator fixed(int value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new AssertionError("only nextInt(bound) expected");
      }

      @Override
      public int nextInt(int bound) {
        assertEquals(Percentage.MILLION, bound);
        return value;
      }
    };
  }
}
