package dev.meshlog.proxy.route;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Istio's HTTPFaultInjection on a rule: hold a share of requests for a fixed delay, and answer a
 * share locally with an abort status. Both are drawn independently per request, delay first, as
 * Envoy's fault filter does; it runs before the router, so the delay is outside the route timeout.
 */
public record FaultInjection(Optional<Delay> delay, Optional<Abort> abort) {

  public static final FaultInjection NONE = new FaultInjection(Optional.empty(), Optional.empty());

  public FaultInjection {
    delay = Objects.requireNonNullElse(delay, Optional.empty());
    abort = Objects.requireNonNullElse(abort, Optional.empty());
  }

  /** A fixed delay before the request goes on, for {@code percentage} of requests. */
  public record Delay(Duration duration, Percentage percentage) {
    public Delay {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(percentage, "percentage");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("fault delay must not be negative, got " + duration.toMillis() + " ms");
      }
    }
  }

  /** A local answer with {@code httpStatus} (flag FI) instead of any upstream, for {@code percentage} of requests. */
  public record Abort(int httpStatus, Percentage percentage) {
    public Abort {
      Objects.requireNonNull(percentage, "percentage");
      // Istio's validation range for an abort status.
      if (httpStatus < 200 || httpStatus > 599) {
        throw new IllegalArgumentException("fault abort status must be in 200..599, got " + httpStatus);
      }
    }
  }

  public boolean isNone() {
    return delay.isEmpty() && abort.isEmpty();
  }

  /** The delay this request gets, {@link Duration#ZERO} when it is not drawn (or there is none). */
  public Duration drawDelay(RandomGenerator random) {
    if (delay.isEmpty() || delay.get().duration().isZero() || !delay.get().percentage().sample(random)) {
      return Duration.ZERO;
    }
    return delay.get().duration();
  }

  /** The status this request is aborted with, empty when it is not drawn (or there is no abort). */
  public OptionalInt drawAbort(RandomGenerator random) {
    if (abort.isEmpty() || !abort.get().percentage().sample(random)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(abort.get().httpStatus());
  }
}
