package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Hands out a cluster's endpoints in turn, each as often as its weight. Safe across event loops:
 * the cursor is one atomic counter over an immutable schedule (a new snapshot builds a new
 * balancer), and a pick allocates nothing.
 *
 * <p>Unequal weights are laid out once as a smooth weighted round-robin schedule (nginx's), which
 * interleaves endpoints the way Envoy's earliest-deadline-first scheduler does instead of sending a
 * heavy endpoint a burst.
 */
public final class RoundRobinBalancer<T> implements Balancer<T> {

  /** Longest schedule; larger weight sums are scaled down to it, keeping every endpoint in it. */
  private static final int MAX_SCHEDULE = 1 << 14;

  private final Picks<T> picks;
  /** Endpoint indexes in turn; null when weights are equal and the cursor indexes directly. */
  private final int[] schedule;
  private final AtomicInteger cursor;
  private final Weights weights;

  /** Equal weights, starting at the first endpoint. */
  public RoundRobinBalancer(List<T> endpoints) {
    this(endpoints, endpoint -> 1, 0);
  }

  /**
   * @param start where the turn begins; {@link Balancers} starts at random so that proxies
   *     swapping in the same snapshot do not all send their next request to the same endpoint
   */
  public RoundRobinBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, int start) {
    this(endpoints, weightOf, start, endpoint -> HostHealth.ALWAYS_HEALTHY);
  }

  /** @param healthOf an endpoint's health; one outlier detection ejected is skipped: its turns pass to the next */
  public RoundRobinBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, int start, Function<? super T, ? extends HostHealth> healthOf) {
    this.picks = new Picks<>(List.copyOf(endpoints), healthOf);
    this.weights = Weights.of(endpoints, weightOf);
    this.schedule = weights.uniform() ? null : schedule(weights.copy());
    this.cursor = new AtomicInteger(start);
  }

  @Override
  public Optional<T> pick(PickContext context) {
    int n = picks.size();
    if (n == 0) {
      return Optional.empty();
    }
    int index = turn();
    return picks.ejected(index) ? pickHealthy(context) : picks.at(index);
  }

  /**
   * An ejected endpoint's turn goes to the next turn's endpoint, so the healthy ones share its turns
   * in proportion (Envoy rebuilds its schedule over the healthy hosts instead). After n more turns
   * that all hit ejected endpoints, a weighted draw among the healthy ones settles it. Out of line,
   * so the common pick stays small enough to inline.
   */
  private Optional<T> pickHealthy(PickContext context) {
    for (int tries = 1; tries < picks.size(); tries++) {
      int index = turn();
      if (!picks.ejected(index)) {
        return picks.at(index);
      }
    }
    int index = weights.drawHealthy(picks.ejectedAt, -1, context.random());
    return index < 0 ? Optional.empty() : picks.at(index);
  }

  private int turn() {
    // floorMod keeps the index in range when the counter wraps past Integer.MAX_VALUE.
    int turn = cursor.getAndIncrement();
    return schedule == null ? Math.floorMod(turn, picks.size()) : schedule[Math.floorMod(turn, schedule.length)];
  }

  /**
   * The next endpoint.
   *
   * @throws IllegalStateException when there is none; check {@link #isEmpty()} first
   */
  public T next() {
    return pick(PickContext.NONE).orElseThrow(() -> new IllegalStateException("no endpoints to balance over"));
  }

  @Override
  public int size() {
    return picks.size();
  }

  private static int[] schedule(int[] weights) {
    int gcd = 0;
    long total = 0;
    for (int w : weights) {
      gcd = gcd(gcd, w);
      total += w;
    }
    long cap = Math.max(MAX_SCHEDULE, weights.length);
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = total / gcd > cap ? (int) Math.max(1, Math.round((double) weights[i] * cap / total)) : weights[i] / gcd;
      sum += weights[i];
    }
    // Smooth weighted round robin: every turn each endpoint gains its weight, the richest is chosen
    // and pays the total back.
    int[] schedule = new int[sum];
    long[] credit = new long[weights.length];
    for (int turn = 0; turn < sum; turn++) {
      int best = 0;
      for (int i = 0; i < weights.length; i++) {
        credit[i] += weights[i];
        if (credit[i] > credit[best]) {
          best = i;
        }
      }
      credit[best] -= sum;
      schedule[turn] = best;
    }
    return schedule;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
