package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Picks an endpoint at random in proportion to its weight, as Envoy's {@code RANDOM} policy does.
 * Stateless apart from the context's generator, so event loops never contend.
 */
public final class RandomBalancer<T> implements Balancer<T> {

  private final Picks<T> picks;
  private final Weights weights;

  public RandomBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf) {
    this(endpoints, weightOf, endpoint -> HostHealth.ALWAYS_HEALTHY);
  }

  /** @param healthOf an endpoint's health; one outlier detection ejected is skipped: it is skipped */
  public RandomBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, Function<? super T, ? extends HostHealth> healthOf) {
    this.picks = new Picks<>(List.copyOf(endpoints), healthOf);
    this.weights = Weights.of(endpoints, weightOf);
  }

  @Override
  public Optional<T> pick(PickContext context) {
    if (picks.size() == 0) {
      return Optional.empty();
    }
    int index = weights.draw(context.random());
    return picks.ejected(index) ? pickHealthy(context) : picks.at(index);
  }

  /** Out of line, so the common pick stays small enough to inline. */
  private Optional<T> pickHealthy(PickContext context) {
    int index = weights.drawHealthy(picks.ejectedAt, -1, context.random());
    return index < 0 ? Optional.empty() : picks.at(index);
  }

  @Override
  public int size() {
    return picks.size();
  }
}
