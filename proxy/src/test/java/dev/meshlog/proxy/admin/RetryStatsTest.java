package dev.meshlog.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.circuit.ClusterRegistry;
import dev.meshlog.proxy.retry.RetryBudget;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;

import dev.meshlog.proxy.snapshot.Snapshot;
import dev.meshlog.proxy.snapshot.SnapshotApplier;
import dev.meshlog.proxy.snapshot.SnapshotOutcome;
import dev.meshlog.proxy.snapshot.SnapshotValidator;
import dev.meshlog.proxy.snapshot.LiveConfig;
import dev.meshlog.proxy.snapshot.SnapshotHistory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetryStatsTest {

  private static final String CLUSTER = "outbound|80|v1|reviews.default.svc.cluster.local";

  @Test
  void shouldShowEachClustersRetriesOverflowAndExhaustionOnStats() {
    LiveConfig live = new LiveConfig();
    ClusterRegistry registry = ClusterRegistry.detached();
    Cluster cluster = new Cluster(CLUSTER, "reviews.default.svc.cluster.local", Optional.of("v1"), 80,
        List.of(Endpoint.resolve("127.0.0.1", 9080, "reviews-v1", Map.of())));
    SnapshotOutcome outcome = new SnapshotApplier("p", live, new SnapshotValidator(), registry, SnapshotApplier.ListenerUpdate.NONE)
        .apply(new Snapshot("p", 1, "h1", List.of(), List.of(cluster), List.of(), List.of()));
    assertTrue(outcome instanceof SnapshotOutcome.Applied, outcome.toString());
    RetryBudget budget = registry.find(CLUSTER).orElseThrow().retryBudget();
    for (int i = 0; i < 4; i++) {
      budget.tryStartRetry(OptionalInt.empty());
    }
    budget.retryEnded();
    budget.limitExceeded();
    AdminView view = new AdminView("p", live, new SnapshotHistory(), () -> 0, () -> 0L, () -> 0);

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
