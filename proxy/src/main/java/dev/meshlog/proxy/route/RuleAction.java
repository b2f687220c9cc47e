package dev.meshlog.proxy.route;

import dev.meshlog.proxy.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a matched rule does with the request: exactly one of forward, redirect, or answer directly. */
public sealed interface RuleAction permits RuleAction.Route, RuleAction.Redirect, RuleAction.DirectResponse {

  /**
   * Split among weighted clusters, after an optional rewrite.
   *
   * @param timeout Envoy's route timeout: from the end of the request (after any injected delay) to
   *     the end of the upstream response; {@link Duration#ZERO} for none, Istio's default and its
   *     meaning of 0s. Only forwarding has one, as in Envoy's RouteAction.
   * @param retries how failed attempts are retried (Envoy's RouteAction.retry_policy); the wire
   *     gives a rule without one Istio's default, a rule built here without one gets none
   */
  record Route(List<WeightedCluster> clusters, Rewrite rewrite, Duration timeout, RetryPolicy retries)
      implements RuleAction {
    public Route {
      retries = Objects.requireNonNullElse(retries, RetryPolicy.NONE);
      clusters = List.copyOf(clusters);
      rewrite = Objects.requireNonNullElse(rewrite, Rewrite.NONE);
      timeout = Objects.requireNonNullElse(timeout, Duration.ZERO);
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must not be negative, got " + timeout.toMillis() + " ms");
      }
    }

    /** Without retries. */
    public Route(List<WeightedCluster> clusters, Rewrite rewrite, Duration timeout) {
      this(clusters, rewrite, timeout, RetryPolicy.NONE);
    }

    /** Without a timeout. */
    public Route(List<WeightedCluster> clusters, Rewrite rewrite) {
      this(clusters, rewrite, Duration.ZERO);
    }
  }

  /** Answer with a redirect; {@code uri} replaces the path, {@code authority} the host. */
  record Redirect(Optional<String> uri, Optional<String> authority, int code) implements RuleAction {
    public Redirect {
      uri = Objects.requireNonNullElse(uri, Optional.empty());
      authority = Objects.requireNonNullElse(authority, Optional.empty());
    }
  }

  /** Answer locally with a status and an optional plain-text body. */
  record DirectResponse(int status, Optional<String> body) implements RuleAction {
    public DirectResponse {
      body = Objects.requireNonNullElse(body, Optional.empty());
    }
  }
}
