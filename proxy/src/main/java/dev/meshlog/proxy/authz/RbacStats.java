package dev.meshlog.proxy.authz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Envoy's RBAC filter counters for the inbound listener: requests allowed, denied, and matched by an
 * AUDIT policy ({@code shadow_denied}), plus denials and audits per policy. Counted only while some
 * policy selects the workload, as Envoy counts only where the filter is configured.
 * Written from event loops, read by the admin thread.
 */
public final class RbacStats {

  private final LongAdder allowed = new LongAdder();
  private final LongAdder denied = new LongAdder();
  private final LongAdder shadowDenied = new LongAdder();
  // Keyed by policy subject: bounded by the policies snapshots ever carried, not by requests.
  private final Map<String, LongAdder> deniedByPolicy = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> auditedByPolicy = new ConcurrentHashMap<>();

  void record(Decision decision) {
    if (decision.allowed()) {
      allowed.increment();
    } else {
      denied.increment();
      if (!decision.policy().isEmpty()) {
        deniedByPolicy.computeIfAbsent(decision.policy(), p -> new LongAdder()).increment();
      }
    }
    if (!decision.audited().isEmpty()) {
      shadowDenied.increment();
      auditedByPolicy.computeIfAbsent(decision.audited(), p -> new LongAdder()).increment();
    }
  }

  public long allowed() {
    return allowed.sum();
  }

  public long denied() {
    return denied.sum();
  }

  /** Requests an AUDIT policy matched (they were not changed by it). */
  public long shadowDenied() {
    return shadowDenied.sum();
  }

  /** Denials by DENY policy subject, sorted; denials for want of a matching ALLOW are in {@link #denied()} only. */
  public Map<String, Long> deniedByPolicy() {
    return sums(deniedByPolicy);
  }

  public Map<String, Long> auditedByPolicy() {
    return sums(auditedByPolicy);
  }

  private static Map<String, Long> sums(Map<String, LongAdder> counters) {
    Map<String, Long> sums = new TreeMap<>();
    counters.forEach((policy, count) -> sums.put(policy, count.sum()));
    return sums;
  }
}
