package dev.meshlog.engine.ca.signer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the signer's decisions: certificates issued, requests refused per reason. One
 * instance per engine, shared by the job's tasks; read with {@code PolicyEngine.caMetrics()}.
 */
public final class CaMetrics {

  private final LongAdder issued = new LongAdder();
  private final Map<RefusalReason, LongAdder> refused = new EnumMap<>(RefusalReason.class);

  public CaMetrics() {
    for (RefusalReason reason : RefusalReason.values()) {
      refused.put(reason, new LongAdder());
    }
  }

  void recordIssued() {
    issued.increment();
  }

  void recordRefused(RefusalReason reason) {
    refused.get(reason).increment();
  }

  public long issued() {
    return issued.sum();
  }

  public long refused(RefusalReason reason) {
    return refused.get(reason).sum();
  }

  public long refusedTotal() {
    return refused.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Non-zero refusal counts, for a status line. */
  public Map<RefusalReason, Long> refusedByReason() {
    Map<RefusalReason, Long> counts = new EnumMap<>(RefusalReason.class);
    refused.forEach((reason, count) -> {
      if (count.sum() > 0) {
        counts.put(reason, count.sum());
      }
    });
    return counts;
  }

  @Override
  public String toString() {
    return "CaMetrics[issued=" + issued() + ", refused=" + refusedByReason() + "]";
  }
}
