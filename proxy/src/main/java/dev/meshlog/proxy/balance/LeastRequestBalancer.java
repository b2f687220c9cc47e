package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
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
    this(endpoints, weightOf, activeRequests, endpoint -> false);
  }

  /** @param ejected whether outlier detection ejected an endpoint: it is never a candidate */
  public LeastRequestBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, ToIntFunction<? super T> activeRequests,
      Predicate<? super T> ejected) {
    this.picks = new Picks<>(List.copyOf(endpoints), ejected);
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
    if (picks.ejected(first) && (first = weights.drawHealthy(picks.ejectedAt, -1, context.random())) < 0) {
      return Optional.empty();
    }
    int second = weights.drawExcept(first, context.random());
    if (picks.ejected(second) && (second = weights.drawHealthy(picks.ejectedAt, first, context.random())) < 0) {
      return picks.at(first); // the only healthy endpoint
    }
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
