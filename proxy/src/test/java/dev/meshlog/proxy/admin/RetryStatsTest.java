package dev.meshlog.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshlog.proxy.retry.RetryBudget;
import dev.meshlog.proxy.retry.RetryBudgets;
import dev.meshlog.proxy.snapshot.LiveConfig;
import dev.meshlog.proxy.snapshot.SnapshotHistory;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetryStatsTest {

  private static final String CLUSTER = "outbound|80|v1|reviews.default.svc.cluster.local";

  @Test
  void shouldShowEachClustersRetriesOverflowAndExhaustionOnStats() {
    RetryBudgets budgets = new RetryBudgets();
    RetryBudget budget = budgets.of(CLUSTER);
    for (int i = 0; i < 4; i++) {
      budget.tryStartRetry(OptionalInt.empty());
    }
    budget.retryEnded();
    budget.limitExceeded();
    AdminView view = new AdminView("p", new LiveConfig(), new SnapshotHistory(), () -> 0, () -> 0L, () -> 0, budgets);

    Map<String, Double> samples = ExpositionFormat.parse(StatsPage.render(view));
    String labels = "{cluster=\"" + CLUSTER + "\"}";
    assertEquals(3.0, samples.get("meshlog_proxy_upstream_rq_retry_total" + labels));
    assertEquals(1.0, samples.get("meshlog_proxy_upstream_rq_retry_overflow_total" + labels));
    assertEquals(1.0, samples.get("meshlog_proxy_upstream_rq_retry_limit_exceeded_total" + labels));
    assertEquals(2.0, samples.get("meshlog_proxy_upstream_rq_retry_active" + labels));
  }

  @Test
  void shouldLeaveTheRetryFamiliesOutBeforeAnyClusterWasRouted() {
    AdminView view = new AdminView("p", new LiveConfig(), new SnapshotHistory(), () -> 0, () -> 0L, () -> 0);
    assertFalse(StatsPage.render(view).contains("upstream_rq_retry"));
  }
}
