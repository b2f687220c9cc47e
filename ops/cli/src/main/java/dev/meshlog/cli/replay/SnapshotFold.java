package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.MeshChange;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a replay gets from folded inputs to proxy snapshots; {@link MeshReplay} feeds it every input in fold order. The
 * engine's own forward fold, the reference the walk back is tested against, lives in the tests ({@code ForwardFold}).
 */
interface SnapshotFold {

  void accept(InputRecord record, Optional<MeshChange> change, Supplier<LogPosition> position);

  /** Each proxy's content, hash and the position of its version, at the inputs accepted so far. */
  SortedMap<String, TailSearch.Found> snapshots();

  /** No snapshots at all: for the policy resources alone. */
  static SnapshotFold none() {
    return new SnapshotFold() {
      @Override
      public void accept(InputRecord record, Optional<MeshChange> change, Supplier<LogPosition> position) {}

      @Override
      public SortedMap<String, TailSearch.Found> snapshots() {
        return new TreeMap<>();
      }
    };
  }

  /** Walks back from the end ({@link TailSearch}): the fast way, for a replay that is asked once at its end. */
  static SnapshotFold tail(String trustDomain, Predicate<String> tracked, int window, TailSearch.Refetch refetch) {
    TailSearch search = new TailSearch(trustDomain, window, refetch);
    return new SnapshotFold() {
      @Override
      public void accept(InputRecord record, Optional<MeshChange> change, Supplier<LogPosition> position) {
        search.record(record.topic(), record.partition(), record.offset(), change);
      }

      @Override
      public SortedMap<String, TailSearch.Found> snapshots() {
        return search.resolve(tracked);
      }
    };
  }

  /** The tracked-proxy predicate of a one-proxy replay. */
  record OneProxy(String id) implements Predicate<String> {
    @Override
    public boolean test(String proxyId) {
      return id.equals(proxyId);
    }
  }
}
