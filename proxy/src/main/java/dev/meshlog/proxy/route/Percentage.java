package dev.meshlog.proxy.route;

import java.util.random.RandomGenerator;

/**
 * A share of requests, held as parts per million like Envoy's {@code FractionalPercent} (Istio turns
 * its 0..100 doubles into millionths), so the resolution is 0.0001% and a draw is one integer compare.
 */
public record Percentage(int perMillion) {

  public static final int MILLION = 1_000_000;
  public static final Percentage NEVER = new Percentage(0);
  public static final Percentage ALWAYS = new Percentage(MILLION);

  public Percentage {
    if (perMillion < 0 || perMillion > MILLION) {
      throw new IllegalArgumentException("perMillion must be in 0.." + MILLION + ", got " + perMillion);
    }
  }

  /**
   * @param percent 0..100; rounded to the nearest millionth (truncating would turn 0.29 into 0.2899)
   * @throws IllegalArgumentException outside 0..100 or NaN
   */
  public static Percentage of(double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percentage must be in 0..100, got " + percent);
    }
    return new Percentage((int) Math.round(percent * (MILLION / 100)));
  }

  /**
   * Whether this request is in the share. Never asks {@code random} at 0% or 100%, so a rule with
   * a certain outcome costs nothing and leaves the generator's sequence to the other draws.
   */
  public boolean sample(RandomGenerator random) {
    if (perMillion == 0) {
      return false;
    }
    if (perMillion == MILLION) {
      return true;
    }
    return random.nextInt(MILLION) < perMillion;
  }

  @Override
  public String toString() {
    return perMillion / (double) (MILLION / 100) + "%";
  }
}
