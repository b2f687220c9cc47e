package dev.meshlog.engine.status;

import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyNack;

/** One line a person reads for a rollout, e.g. {@code applied 1 of 2, NACKed by reviews-v2: bad weights}. */
public final class RolloutSummary {

  private RolloutSummary() {}

  /** "applied N of M", then the proxies still pending, then every NACK with its error. */
  public static String of(PolicyRollout rollout) {
    StringBuilder text = new StringBuilder("applied ").append(rollout.getApplied()).append(" of ").append(rollout.getAffected());
    if (!rollout.getPending().isEmpty()) {
      text.append(", pending ").append(String.join(", ", rollout.getPending()));
    }
    for (ProxyNack nack : rollout.getNacks()) {
      text.append(", NACKed by ").append(nack.getProxyId()).append(": ").append(nack.getError());
    }
    return text.toString();
  }
}
