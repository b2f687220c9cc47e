package dev.meshlog.proxy.balance;

import java.util.Optional;

/**
 * Picks one endpoint of a cluster for a request. Implementations are immutable apart from cheap
 * atomic cursors, so several event loops pick concurrently; a new snapshot builds new balancers
 * rather than patching these.
 *
 * @param <T> what is handed out: an {@link LbEndpoint} in production, anything in tests
 */
public interface Balancer<T> {

  /**
   * The chosen endpoint, or empty when the cluster has none. A balancer allocates nothing of its
   * own here: the {@link Optional}s are built with the balancer.
   */
  Optional<T> pick(PickContext context);

  /** How many endpoints this balancer chooses among. */
  int size();

  default boolean isEmpty() {
    return size() == 0;
  }
}
