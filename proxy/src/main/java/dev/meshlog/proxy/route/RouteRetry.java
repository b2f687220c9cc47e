package dev.meshlog.proxy.route;

import dev.meshlog.proxy.balance.Balancer;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.balance.PickContext;
import dev.meshlog.proxy.retry.RetryBudget;
import dev.meshlog.proxy.retry.RetryPolicy;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a forward needs to retry: the rule's policy, the cluster's budget (which outlives the route
 * table) and limit, and the cluster's balancer to pick the next endpoint from.
 *
 * @param maxRetries the cluster's connectionPool.maxRetries, empty when unset
 */
public record RouteRetry(RetryPolicy policy, RetryBudget budget, OptionalInt maxRetries,
    Balancer<LbEndpoint<Endpoint>> balancer) {

  /** Never retries and counts nothing: the inbound route to the local app. */
  public static final RouteRetry NONE = new RouteRetry(RetryPolicy.NONE, new RetryBudget("none", () -> 0), OptionalInt.empty(), null);

  public RouteRetry {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(budget, "budget");
    maxRetries = Objects.requireNonNullElse(maxRetries, OptionalInt.empty());
  }

  public boolean isNone() {
    return this == NONE || balancer == null;
  }

  /**
   * Envoy's {@code previous_hosts} retry predicate: picks again while the pick is an endpoint
   * already tried, up to the policy's host selection attempts, then takes the last pick (so a
   * one-endpoint cluster retries the same endpoint).
   */
  public Optional<LbEndpoint<Endpoint>> pickAvoiding(Collection<Endpoint> tried, PickContext context) {
    if (balancer == null) {
      return Optional.empty();
    }
    Optional<LbEndpoint<Endpoint>> picked = balancer.pick(context);
    for (int i = 0; i < policy.hostSelectionMaxAttempts() && picked.isPresent()
        && tried.contains(picked.get().endpoint()); i++) {
      picked = balancer.pick(context);
    }
    return picked;
  }
}
