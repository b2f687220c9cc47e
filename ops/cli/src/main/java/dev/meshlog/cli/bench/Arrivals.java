package dev.meshlog.cli.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Waits for a set of proxies to ACK a snapshot with some property (it carries a change, or the
 * whole seed). Records the first such ACK of every proxy, expected or not, so the report can also
 * say how far a change reached beyond the proxies that needed it.
 */
final class Arrivals implements SimulatedProxies.Listener {

  private final Predicate<SnapshotView> wanted;
  private final Set<String> expected;
  private final Map<String, Long> firstAck = new HashMap<>();
  private final Map<String, SnapshotView> firstView = new HashMap<>();
  private int expectedArrived;

  Arrivals(Predicate<SnapshotView> wanted, Set<String> expected) {
    this.wanted = wanted;
    this.expected = Set.copyOf(expected);
  }

  @Override
  public synchronized void acked(SnapshotView view, long ackedAtNanos) {
    if (firstAck.containsKey(view.proxyId()) || !wanted.test(view)) {
      return;
    }
    firstAck.put(view.proxyId(), ackedAtNanos);
    firstView.put(view.proxyId(), view);
    if (expected.contains(view.proxyId()) && ++expectedArrived == expected.size()) {
      notifyAll();
    }
  }

  /** True when every expected proxy ACKed in time. */
  synchronized boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (expectedArrived < expected.size()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** The last expected proxy's ACK, once all arrived. */
  synchronized OptionalLong lastExpectedAckNanos() {
    if (expectedArrived < expected.size() || expected.isEmpty()) {
      return OptionalLong.empty();
    }
    return expected.stream().mapToLong(firstAck::get).max();
  }

  /** The latest of an instant over the expected proxies' wanted snapshots (when the engine emitted them, say), once all arrived. */
  synchronized OptionalLong latestExpected(ToLongFunction<SnapshotView> instant) {
    if (expectedArrived < expected.size() || expected.isEmpty()) {
      return OptionalLong.empty();
    }
    return expected.stream().map(firstView::get).mapToLong(instant).max();
  }

  synchronized int expectedArrived() {
    return expectedArrived;
  }

  int expected() {
    return expected.size();
  }

  /** Every proxy that ACKed a wanted snapshot, expected or not. */
  synchronized int reached() {
    return firstAck.size();
  }

  /** How many of the wanted snapshots named {@code subject} among their causes. */
  synchronized int causedBy(String subject) {
    return (int) firstView.values().stream().filter(v -> v.causeSubjects().contains(subject)).count();
  }
}
