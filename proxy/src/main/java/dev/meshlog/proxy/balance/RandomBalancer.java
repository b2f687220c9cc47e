package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Picks an endpoint at random in proportion to its weight, as Envoy's {@code RANDOM} policy does.
 * Stateless apart from the context's generator, so event loops never contend.
 */
public final class RandomBalancer<T> implements Balancer<T> {

  private final Picks<T> picks;
  private final Weights weights;

  public RandomBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf) {
    this.picks = new Picks<>(List.copyOf(endpoints));
    this.weights = Weights.of(endpoints, weightOf);
  }

  @Override
  public Optional<T> pick(PickContext context) {
    if (picks.size() == 0) {
      return Optional.empty();
    }
    return picks.at(weights.draw(context.random()));
  }

  @Override
  public int size() {
    return picks.size();
  }
}
