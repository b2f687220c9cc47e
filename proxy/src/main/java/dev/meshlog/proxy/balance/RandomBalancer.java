package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Picks an endpoint at random in proportion to its weight, as Envoy's {@code RANDOM} policy does.
 * Stateless apart from the context's generator, so event loops never contend.
 */
public final class RandomBalancer<T> implements Balancer<T> {

  private final Picks<T> picks;
  private final Weights weights;

  public RandomBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf) {
    this(endpoints, weightOf, endpoint -> false);
  }

  /** @param ejected whether outlier detection ejected an endpoint: it is skipped */
  public RandomBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, Predicate<? super T> ejected) {
    this.picks = new Picks<>(List.copyOf(endpoints), ejected);
    this.weights = Weights.of(endpoints, weightOf);
  }

  @Override
  public Optional<T> pick(PickContext context) {
    if (picks.size() == 0) {
      return Optional.empty();
    }
    int index = weights.draw(context.random());
    if (picks.ejected(index)) {
      index = weights.drawHealthy(picks.ejectedAt, -1, context.random());
      if (index < 0) {
        return Optional.empty();
      }
    }
    return picks.at(index);
  }

  @Override
  public int size() {
    return picks.size();
  }
}
