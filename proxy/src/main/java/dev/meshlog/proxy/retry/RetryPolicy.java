package dev.meshlog.proxy.retry;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A route's retry policy in Envoy's terms ({@code RouteAction.retry_policy}): how many retries, on
 * what, and how long each try may take. The retry host predicate is always Envoy's
 * {@code previous_hosts}, as Istio configures it.
 *
 * @param numRetries retries after the first attempt; 0 disables retrying
 * @param perTryTimeout bound on each attempt, {@link Duration#ZERO} for none (the route timeout still applies)
 * @param retryOn the conditions retried on
 * @param retriableStatusCodes the statuses {@link RetryOn#RETRIABLE_STATUS_CODES} means
 * @param hostSelectionMaxAttempts how often a retry re-picks to avoid an endpoint already tried
 */
public record RetryPolicy(int numRetries, Duration perTryTimeout, Set<RetryOn> retryOn, Set<Integer> retriableStatusCodes,
    int hostSelectionMaxAttempts) {

  /** Envoy's host_selection_retry_max_attempts as Istio sets it. */
  public static final int HOST_SELECTION_MAX_ATTEMPTS = 5;

  /** No retries: attempts 0, or the inbound route to the local app. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Set.of(), Set.of(), 0);

  /**
   * Istio's default for a route without {@code retries}: 2 retries on connect failures, refused
   * streams, gRPC unavailable and cancelled, and 503.
   */
  public static final RetryPolicy ISTIO_DEFAULT = new RetryPolicy(2, Duration.ZERO,
      EnumSet.of(RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.GRPC_UNAVAILABLE, RetryOn.GRPC_CANCELLED,
          RetryOn.RETRIABLE_STATUS_CODES),
      Set.of(503), HOST_SELECTION_MAX_ATTEMPTS);

  public RetryPolicy {
    Objects.requireNonNull(perTryTimeout, "perTryTimeout");
    retryOn = Set.copyOf(retryOn);
    retriableStatusCodes = Set.copyOf(retriableStatusCodes);
    if (numRetries < 0) {
      throw new IllegalArgumentException("retries must not be negative, got " + numRetries);
    }
    if (perTryTimeout.isNegative()) {
      throw new IllegalArgumentException("perTryTimeout must not be negative, got " + perTryTimeout.toMillis() + " ms");
    }
  }

  public boolean retries() {
    return numRetries > 0;
  }

  /**
   * Whether a failed attempt that got no response headers is worth retrying. Envoy counts a
   * reset, and so a per-try timeout, as the 5xx it turns into; a connect failure too.
   */
  public boolean retriesOn(AttemptFailure failure) {
    if (retryOn.contains(RetryOn.FIVE_XX) || retryOn.contains(RetryOn.GATEWAY_ERROR) || retryOn.contains(RetryOn.RESET)) {
      return true;
    }
    return failure == AttemptFailure.CONNECT_FAILURE && retryOn.contains(RetryOn.CONNECT_FAILURE)
        || failure == AttemptFailure.REFUSED_STREAM && retryOn.contains(RetryOn.REFUSED_STREAM);
  }

  /**
   * Whether a response with {@code status} (and its {@code grpc-status} header, -1 when absent) is
   * retried instead of relayed.
   */
  public boolean retriesOn(int status, int grpcStatus) {
    if (status >= 500 && retryOn.contains(RetryOn.FIVE_XX)) {
      return true;
    }
    if ((status == 502 || status == 503 || status == 504) && retryOn.contains(RetryOn.GATEWAY_ERROR)) {
      return true;
    }
    if (status == 409 && retryOn.contains(RetryOn.RETRIABLE_4XX)) {
      return true;
    }
    if (retryOn.contains(RetryOn.RETRIABLE_STATUS_CODES) && retriableStatusCodes.contains(status)) {
      return true;
    }
    if (grpcStatus >= 0) {
      for (RetryOn on : retryOn) {
        if (on.grpcStatus() == grpcStatus) {
          return true;
        }
      }
    }
    return false;
  }
}
