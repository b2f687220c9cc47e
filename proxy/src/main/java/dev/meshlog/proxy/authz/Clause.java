package dev.meshlog.proxy.authz;

import java.util.List;
import java.util.function.Predicate;

/**
 * One field of a source, operation or condition with its {@code not} form: it holds when the value
 * matches any of {@code values} (or there are none) and none of {@code notValues}. An absent value
 * matches no entry, so it fails {@code values} and passes {@code notValues}, as Envoy's RBAC does.
 */
public record Clause<T>(List<Predicate<T>> values, List<Predicate<T>> notValues) {

  private static final Clause<?> ANY = new Clause<>(List.of(), List.of());

  public Clause {
    values = List.copyOf(values);
    notValues = List.copyOf(notValues);
  }

  @SuppressWarnings("unchecked")
  public static <T> Clause<T> any() {
    return (Clause<T>) ANY;
  }

  public boolean isAny() {
    return values.isEmpty() && notValues.isEmpty();
  }

  public boolean test(T value) {
    if (!values.isEmpty() && !anyMatch(values, value)) {
      return false;
    }
    return notValues.isEmpty() || !anyMatch(notValues, value);
  }

  private static <T> boolean anyMatch(List<Predicate<T>> predicates, T value) {
    // An indexed loop: this runs per request and must not allocate an iterator.
    for (int i = 0; i < predicates.size(); i++) {
      if (predicates.get(i).test(value)) {
        return true;
      }
    }
    return false;
  }
}
