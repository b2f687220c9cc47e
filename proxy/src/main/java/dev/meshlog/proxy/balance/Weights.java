package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Endpoint weights as cumulative sums, so a weighted draw is one random number and a binary search.
 * When every weight is equal the draws skip the search: that is the common case in a mesh.
 */
final class Weights {

  private final int[] weights;
  private final long[] upTo;
  private final long total;
  private final boolean uniform;

  private Weights(int[] weights) {
    this.weights = weights;
    this.upTo = new long[weights.length];
    long sum = 0;
    boolean same = true;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      upTo[i] = sum;
      same &= weights[i] == weights[0];
    }
    this.total = sum;
    this.uniform = same;
  }

  static <T> Weights of(List<T> endpoints, ToIntFunction<? super T> weightOf) {
    int[] weights = new int[endpoints.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = weightOf.applyAsInt(endpoints.get(i));
      if (weights[i] < 1) {
        throw new IllegalArgumentException("endpoint " + endpoints.get(i) + " has weight " + weights[i] + ", must be at least 1");
      }
    }
    return new Weights(weights);
  }

  int size() {
    return weights.length;
  }

  int weight(int index) {
    return weights[index];
  }

  boolean uniform() {
    return uniform;
  }

  int[] copy() {
    return weights.clone();
  }

  /** An index drawn in proportion to the weights. */
  int draw(RandomGenerator random) {
    if (uniform) {
      return random.nextInt(weights.length);
    }
    return indexAt(random.nextLong(total));
  }

  /** An index other than {@code excluded}, drawn in proportion to the remaining weights. */
  int drawExcept(int excluded, RandomGenerator random) {
    if (uniform) {
      int other = random.nextInt(weights.length - 1);
      return other >= excluded ? other + 1 : other;
    }
    // Draw over the total less the excluded weight, then step over the excluded slice.
    long point = random.nextLong(total - weights[excluded]);
    long excludedStart = upTo[excluded] - weights[excluded];
    return indexAt(point < excludedStart ? point : point + weights[excluded]);
  }

  /**
   * An index not ejected and not {@code excluded} (-1 for none), drawn in proportion to the weights
   * of those left, or -1 when none is left. Two scans: only for a pick whose first draw hit an
   * ejected endpoint. Conditioned on that, it keeps every healthy endpoint's share exactly
   * {@code weight / healthy total}, as Envoy's rebuilt healthy host set would.
   */
  int drawHealthy(IntPredicate ejected, int excluded, RandomGenerator random) {
    long healthy = 0;
    for (int i = 0; i < weights.length; i++) {
      if (i != excluded && !ejected.test(i)) {
        healthy += weights[i];
      }
    }
    if (healthy == 0) {
      return -1;
    }
    long point = random.nextLong(healthy);
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      if (i != excluded && !ejected.test(i)) {
        if (point < weights[i]) {
          return i;
        }
        point -= weights[i];
        last = i;
      }
    }
    return last; // an ejection raced the two scans
  }

  /** The first index whose cumulative weight exceeds {@code point}. */
  private int indexAt(long point) {
    int low = 0;
    int high = upTo.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (upTo[mid] > point) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }
}
