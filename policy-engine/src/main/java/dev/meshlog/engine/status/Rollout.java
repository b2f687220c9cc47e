package dev.meshlog.engine.status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How far the newest change of one subject has reached: every proxy whose snapshot carried the
 * change, and what each did with it. A newer change of the subject starts a fresh rollout (the old
 * one is replaced in the store, so state stays one rollout per subject).
 *
 * @param proxies by proxy id, sorted so the emitted lists are deterministic
 */
record Rollout(Cause cause, SortedMap<String, Progress> proxies) {

  enum Outcome { PENDING, APPLIED, NACKED }

  /**
   * One proxy's progress on the change.
   *
   * @param version the first snapshot version of this proxy that carried the change
   * @param latencyMs event time to ACK time, when APPLIED
   * @param nackVersion the newest version carrying the change that the proxy refused, when NACKED
   * @param error the proxy's error for that NACK
   */
  record Progress(long version, Outcome outcome, long latencyMs, long nackVersion, String error) {

    static Progress pending(long version) {
      return new Progress(version, Outcome.PENDING, 0, 0, "");
    }
  }

  /** A NACK as the rollout reports it. */
  record Nack(String proxyId, long version, String error) {}

  /** Apply latency over the proxies that applied the change, nearest-rank percentiles. */
  record Latency(long p50Ms, long p99Ms, long maxMs) {}

  Rollout {
    Objects.requireNonNull(cause, "cause");
    proxies = Collections.unmodifiableSortedMap(new TreeMap<>(proxies == null ? Map.of() : proxies));
  }

  static Rollout of(Cause cause) {
    return new Rollout(cause, new TreeMap<>());
  }

  boolean tracks(String proxyId) {
    return proxies.containsKey(proxyId);
  }

  boolean appliedBy(String proxyId) {
    Progress progress = proxies.get(proxyId);
    return progress != null && progress.outcome() == Outcome.APPLIED;
  }

  /** The proxy was sent the change in {@code version}; a proxy already tracked keeps its progress. */
  Rollout sent(String proxyId, long version) {
    return tracks(proxyId) ? this : with(proxyId, Progress.pending(version));
  }

  Rollout applied(String proxyId, long version, long latencyMs) {
    return with(proxyId, new Progress(version, Outcome.APPLIED, Math.max(0, latencyMs), 0, ""));
  }

  Rollout nacked(String proxyId, long version, long nackVersion, String error) {
    return with(proxyId, new Progress(version, Outcome.NACKED, 0, nackVersion, error));
  }

  /** A removed proxy leaves the rollout: it will never answer, and no longer needs the change. */
  Rollout without(String proxyId) {
    SortedMap<String, Progress> next = new TreeMap<>(proxies);
    next.remove(proxyId);
    return new Rollout(cause, next);
  }

  int affected() {
    return proxies.size();
  }

  int appliedCount() {
    return (int) proxies.values().stream().filter(p -> p.outcome() == Outcome.APPLIED).count();
  }

  List<String> pendingProxies() {
    return proxies.entrySet().stream().filter(e -> e.getValue().outcome() == Outcome.PENDING).map(Map.Entry::getKey).toList();
  }

  List<Nack> nacks() {
    return proxies.entrySet().stream().filter(e -> e.getValue().outcome() == Outcome.NACKED)
        .map(e -> new Nack(e.getKey(), e.getValue().nackVersion(), e.getValue().error())).toList();
  }

  Optional<Latency> latency() {
    List<Long> sorted = new ArrayList<>();
    proxies.values().stream().filter(p -> p.outcome() == Outcome.APPLIED).forEach(p -> sorted.add(p.latencyMs()));
    if (sorted.isEmpty()) {
      return Optional.empty();
    }
    Collections.sort(sorted);
    return Optional.of(new Latency(rank(sorted, 0.50), rank(sorted, 0.99), sorted.get(sorted.size() - 1)));
  }

  private static long rank(List<Long> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private Rollout with(String proxyId, Progress progress) {
    SortedMap<String, Progress> next = new TreeMap<>(proxies);
    next.put(proxyId, progress);
    return new Rollout(cause, next);
  }
}
