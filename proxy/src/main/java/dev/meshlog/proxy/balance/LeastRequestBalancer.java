package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Envoy's {@code LEAST_REQUEST}: the power of two choices. Two distinct endpoints are drawn at
 * random and the one with fewer requests in flight wins, which steers load away from slow endpoints
 * without the herding of a global "least loaded" scan, and costs two counter reads.
 *
 * <p>With unequal weights both candidates are drawn in proportion to weight and compared by
 * {@code active / weight}. That approximates Envoy's weighted least request (an EDF scheduler on
 * {@code weight / (active + 1)}): idle endpoints tie, so the first candidate wins and traffic follows
 * the weights; under load, in-flight requests settle in proportion to the weights.
 */
public final class LeastRequestBalancer<T> implements Balancer<T> {

  private final Picks<T> picks;
  private final Weights weights;
  private final ToIntFunction<? super T> activeRequests;

  /**
   * @param activeRequests reads an endpoint's requests in flight, e.g.
   *     {@code e -> e.activeRequests().get()} for an {@link LbEndpoint}
   */
  public LeastRequestBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, ToIntFunction<? super T> activeRequests) {
    this(endpoints, weightOf, activeRequests, endpoint -> HostHealth.ALWAYS_HEALTHY);
  }

  /** @param healthOf an endpoint's health; one outlier detection ejected is skipped: it is never a candidate */
  public LeastRequestBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, ToIntFunction<? super T> activeRequests,
      Function<? super T, ? extends HostHealth> healthOf) {
    this.picks = new Picks<>(List.copyOf(endpoints), healthOf);
    this.weights = Weights.of(endpoints, weightOf);
    this.activeRequests = activeRequests;
  }

  @Override
  public Optional<T> pick(PickContext context) {
    int n = picks.size();
    if (n <= 1) {
      return n == 0 || picks.ejected(0) ? Optional.empty() : picks.at(0);
    }
    int first = weights.draw(context.random());
    int second = weights.drawExcept(first, context.random());
    if (picks.ejected(first) || picks.ejected(second)) {
      return pickAmongHealthy(first, second, context);
    }
    return lessLoaded(first, second);
  }

  /** Out of line, so the common pick stays small enough to inline: redraws whichever candidate was ejected. */
  private Optional<T> pickAmongHealthy(int first, int second, PickContext context) {
    int a = picks.ejected(first) ? weights.drawHealthy(picks.ejectedAt, -1, context.random()) : first;
    if (a < 0) {
      return Optional.empty();
    }
    int b = second != a && !picks.ejected(second) ? second : weights.drawHealthy(picks.ejectedAt, a, context.random());
    return b < 0 ? picks.at(a) : lessLoaded(a, b); // b < 0: a is the only healthy endpoint
  }

  private Optional<T> lessLoaded(int first, int second) {
    long firstLoad = activeRequests.applyAsInt(picks.endpoint(first));
    long secondLoad = activeRequests.applyAsInt(picks.endpoint(second));
    // firstLoad / w1 <= secondLoad / w2, cross-multiplied; a tie keeps the first, drawn by weight.
    boolean firstWins = firstLoad * weights.weight(second) <= secondLoad * weights.weight(first);
    return picks.at(firstWins ? first : second);
  }

  @Override
  public int size() {
    return picks.size();
  }
}
