package dev.meshlog.cli.propagation;

import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.cli.provenance.LogEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One change and what each affected proxy did with it, sorted by proxy id.
 *
 * @param rollout the engine's rollout record, when it is for this same change
 */
public record PropagationReport(LogEvent event, List<Delivery> deliveries, Optional<PolicyRollout> rollout) {

  public PropagationReport {
    Objects.requireNonNull(event, "event");
    deliveries = deliveries.stream().sorted(Comparator.comparing(Delivery::proxyId)).toList();
    Objects.requireNonNull(rollout, "rollout");
  }

  public long count(Delivery.Outcome outcome) {
    return deliveries.stream().filter(d -> d.outcome() == outcome).count();
  }

  /** Nearest-rank percentile of the ACK delays, as the engine's rollout computes it; empty when nothing was applied. */
  public Optional<Long> percentile(double quantile) {
    List<Long> delays = new ArrayList<>();
    deliveries.stream().filter(d -> d.outcome() == Delivery.Outcome.APPLIED).forEach(d -> d.delayMs().ifPresent(delays::add));
    if (delays.isEmpty()) {
      return Optional.empty();
    }
    Collections.sort(delays);
    int index = (int) Math.ceil(quantile * delays.size()) - 1;
    return Optional.of(delays.get(Math.max(0, index)));
  }
}
