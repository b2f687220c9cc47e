package dev.meshlog.proxy.snapshot;

/** What became of a snapshot addressed to this proxy; Applied and Rejected are answered on the acks topic. */
public sealed interface SnapshotOutcome {

  long version();

  record Applied(long version, String hash) implements SnapshotOutcome {}

  /** Not applied; the previous config stays and this version is parked (not retried). */
  record Rejected(long version, String hash, String detail) implements SnapshotOutcome {}

  /** Not newer than what was applied or parked: a replay or a duplicate, answered by nothing. */
  record Ignored(long version, String reason) implements SnapshotOutcome {}
}
