package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.admin.PrometheusText.Sample;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import dev.meshlog.proxy.retry.RetryBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The retry families of {@code /stats}, per cluster, named after Envoy's cluster stats. */
final class RetryStats {

  private RetryStats() {}

  /** @param all the applied snapshot's clusters' budgets */
  static void addTo(PrometheusText text, List<RetryBudget> all) {
    text.family(StatsPage.PREFIX + "upstream_rq_retry_total", Type.COUNTER,
            "Retries of requests to the cluster (Envoy's upstream_rq_retry).", samples(all, RetryBudget::retries))
        .family(StatsPage.PREFIX + "upstream_rq_retry_overflow_total", Type.COUNTER,
            "Retries refused by the cluster's retry budget or maxRetries (Envoy's upstream_rq_retry_overflow).",
            samples(all, RetryBudget::overflow))
        .family(StatsPage.PREFIX + "upstream_rq_retry_limit_exceeded_total", Type.COUNTER,
            "Requests whose retries ran out while still failing (Envoy's upstream_rq_retry_limit_exceeded).",
            samples(all, RetryBudget::limitExceededCount))
        .family(StatsPage.PREFIX + "upstream_rq_retry_active", Type.GAUGE,
            "Retries in progress to the cluster, back-off included.", samples(all, RetryBudget::activeRetries));
  }

  private static List<Sample> samples(List<RetryBudget> budgets, ToDoubleFunction<RetryBudget> value) {
    List<Sample> samples = new ArrayList<>(budgets.size());
    for (RetryBudget budget : budgets) {
      samples.add(new Sample(Map.of("cluster", budget.cluster()), value.applyAsDouble(budget)));
    }
    return samples;
  }
}
