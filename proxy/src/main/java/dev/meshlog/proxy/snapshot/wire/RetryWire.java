package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.proxy.retry.RetryOn;
import dev.meshlog.proxy.retry.RetryPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A rule's {@code retries} as Istio turns them into Envoy's retry policy (pilot's
 * {@code retry.ConvertPolicy}): none set means Istio's default; attempts 0 disables retries;
 * otherwise the default with the attempts, retryOn and perTryTimeout given.
 */
final class RetryWire {

  private RetryWire() {}

  static RetryPolicy policy(HttpRetrySpec spec) {
    if (spec == null) {
      return RetryPolicy.ISTIO_DEFAULT;
    }
    if (spec.getAttempts() <= 0) {
      return RetryPolicy.NONE;
    }
    RetryPolicy base = RetryPolicy.ISTIO_DEFAULT;
    Set<RetryOn> retryOn = base.retryOn();
    Set<Integer> statuses = base.retriableStatusCodes();
    if (!spec.getRetryOn().isEmpty()) {
      retryOn = EnumSet.noneOf(RetryOn.class);
      statuses = new HashSet<>();
      parse(spec.getRetryOn(), retryOn, statuses);
      // Istio: a bare status number means "retry on this status", which Envoy spells with retriable-status-codes.
      if (!statuses.isEmpty()) {
        retryOn.add(RetryOn.RETRIABLE_STATUS_CODES);
      }
    }
    Duration perTry = spec.getPerTryTimeoutMs() == null ? base.perTryTimeout() : Duration.ofMillis(spec.getPerTryTimeoutMs());
    return new RetryPolicy(spec.getAttempts(), perTry, retryOn, statuses, base.hostSelectionMaxAttempts());
  }

  /** Values Envoy does not know are ignored, as Envoy ignores them (ingest validated them already). */
  private static void parse(List<String> values, Set<RetryOn> retryOn, Set<Integer> statuses) {
    for (String value : values) {
      for (String part : value.split(",")) {
        String trimmed = part.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 3) {
          statuses.add(Integer.parseInt(trimmed));
        } else {
          RetryOn.parse(trimmed).ifPresent(retryOn::add);
        }
      }
    }
  }

  /** connectionPool.maxRetries, empty when the cluster has no connection pool settings or leaves it unset. */
  static OptionalInt maxRetries(ConnectionPoolSpec pool) {
    return pool == null || pool.getMaxRetries() == null ? OptionalInt.empty() : OptionalInt.of(pool.getMaxRetries());
  }
}
