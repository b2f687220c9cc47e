package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Each endpoint wrapped in its {@link Optional} once, so handing one out allocates nothing, and
 * whether each is ejected now (outlier detection), which every balancer checks on its pick.
 */
final class Picks<T> {

  private final Optional<T>[] picks;
  private final Predicate<? super T> ejected;
  /** {@link #ejected(int)} as a function, built once so the slow paths allocate nothing either. */
  final IntPredicate ejectedAt;

  Picks(List<T> endpoints) {
    this(endpoints, endpoint -> false);
  }

  @SuppressWarnings("unchecked")
  Picks(List<T> endpoints, Predicate<? super T> ejected) {
    this.ejected = ejected;
    this.ejectedAt = this::ejected;
    this.picks = new Optional[endpoints.size()];
    for (int i = 0; i < picks.length; i++) {
      picks[i] = Optional.of(endpoints.get(i));
    }
  }

  Optional<T> at(int index) {
    return picks[index];
  }

  T endpoint(int index) {
    return picks[index].get();
  }

  boolean ejected(int index) {
    return ejected.test(picks[index].get());
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
