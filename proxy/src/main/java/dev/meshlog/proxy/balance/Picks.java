package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Each endpoint wrapped in its {@link Optional} once, so handing one out allocates nothing, and
 * whether each is ejected now (outlier detection), which every balancer checks on its pick.
 */
final class Picks<T> {

  private final Optional<T>[] picks;
  /** Each endpoint's health, looked up once here so a pick's check is one call on an array element. */
  private final HostHealth[] health;
  /** {@link #ejected(int)} as a function, built once so the slow paths allocate nothing either. */
  final IntPredicate ejectedAt;

  Picks(List<T> endpoints) {
    this(endpoints, endpoint -> HostHealth.ALWAYS_HEALTHY);
  }

  @SuppressWarnings("unchecked")
  Picks(List<T> endpoints, Function<? super T, ? extends HostHealth> healthOf) {
    this.ejectedAt = this::ejected;
    this.picks = new Optional[endpoints.size()];
    this.health = new HostHealth[endpoints.size()];
    for (int i = 0; i < picks.length; i++) {
      picks[i] = Optional.of(endpoints.get(i));
      health[i] = healthOf.apply(endpoints.get(i));
    }
  }

  Optional<T> at(int index) {
    return picks[index];
  }

  T endpoint(int index) {
    return picks[index].get();
  }

  boolean ejected(int index) {
    return health[index].isEjected();
  }

  /** Whether any endpoint can be picked now; a scan, so only for the rare paths. */
  boolean anyHealthy() {
    for (int i = 0; i < picks.length; i++) {
      if (!ejected(i)) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return picks.length;
  }
}
