package dev.meshlog.proxy.retry;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every cluster's {@link RetryBudget}, keyed by cluster name. The sidecar holds one for its whole
 * life: route tables are rebuilt per snapshot, but retries in flight and the counters must carry
 * over a swap. A cluster gone from the snapshot keeps its few counters (they are what /stats shows).
 */
public final class RetryBudgets {

  private final ConcurrentMap<String, RetryBudget> byCluster = new ConcurrentHashMap<>();

  /** The budget of {@code cluster}, made on first use. */
  public RetryBudget of(String cluster) {
    return byCluster.computeIfAbsent(cluster, RetryBudget::new);
  }

  /** Every budget, sorted by cluster name. */
  public List<RetryBudget> all() {
    return byCluster.values().stream().sorted((a, b) -> a.cluster().compareTo(b.cluster())).toList();
  }
}
