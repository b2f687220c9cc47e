package dev.meshlog.proxy.snapshot;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the snapshot consumer did, for the admin endpoint: the wire form of the last applied
 * snapshot (so {@code /config_dump} shows exactly what the control plane sent, not our compiled
 * view), the last NACK, and counts. Written by the consumer thread only, read by anyone.
 */
public final class SnapshotHistory {

  /** A NACKed version (a record that does not decode has no version: it is dead-lettered, not NACKed). */
  public record Nack(long version, String hash, String detail) {}

  private volatile ProxySnapshot lastApplied;
  private volatile Nack lastNack;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  // Here because the admin page already reads this history: the proxy's undecodable snapshots and certificates.
  private final DeadLetterCounts deadLetters = new DeadLetterCounts("proxy");

  void applied(ProxySnapshot wire) {
    lastApplied = wire;
    applied.incrementAndGet();
  }

  void rejected(long version, String hash, String detail) {
    lastNack = new Nack(version, hash, detail);
    rejected.incrementAndGet();
  }

  /** The last snapshot applied, as received; empty before the first. */
  public Optional<ProxySnapshot> lastApplied() {
    return Optional.ofNullable(lastApplied);
  }

  public Optional<Nack> lastNack() {
    return Optional.ofNullable(lastNack);
  }

  public long appliedCount() {
    return applied.get();
  }

  public long rejectedCount() {
    return rejected.get();
  }

  /** The proxy's dead-lettered records (its snapshots and certificates it could not decode), by source topic. */
  public DeadLetterCounts deadLetters() {
    return deadLetters;
  }
}
