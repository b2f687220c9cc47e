package dev.meshlog.proxy.balance;

import java.util.List;
import java.util.Optional;

/** Each endpoint wrapped in its {@link Optional} once, so handing one out allocates nothing. */
final class Picks<T> {

  private final Optional<T>[] picks;

  @SuppressWarnings("unchecked")
  Picks(List<T> endpoints) {
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

  int size() {
    return picks.length;
  }
}
