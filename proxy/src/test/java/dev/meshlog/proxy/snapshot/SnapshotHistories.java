package dev.meshlog.proxy.snapshot;

import dev.meshlog.avro.ProxySnapshot;

/** Lets tests outside this package record what the consumer thread would. */
public final class SnapshotHistories {

  private SnapshotHistories() {}

  public static void applied(SnapshotHistory history, ProxySnapshot wire) {
    history.applied(wire);
  }

  public static void rejected(SnapshotHistory history, long version, String hash, String detail) {
    history.rejected(version, hash, detail);
  }
}
