package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.Assembly;
import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshFold;
import dev.meshlog.engine.snapshot.MeshState;
import dev.meshlog.engine.wire.SnapshotWire;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** How a replay gets from folded inputs to proxy snapshots; {@link MeshReplay} feeds it every input in fold order. */
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

  /** The engine's way, every affected proxy assembled at every input: the reference, and answerable at any moment. */
  static SnapshotFold forward(String trustDomain, Predicate<String> tracked, boolean onlyTracked) {
    Function<MeshChange, MeshFold.Step> fold = onlyTracked && tracked instanceof OneProxy one
        ? new OneProxyFold(MeshState.empty(trustDomain), one.id())
        : MeshFold.restore(MeshState.empty(trustDomain))::apply;
    Map<String, TailSearch.Found> built = new HashMap<>();
    return new SnapshotFold() {
      @Override
      public void accept(InputRecord record, Optional<MeshChange> change, Supplier<LogPosition> position) {
        if (change.isEmpty()) {
          return;
        }
        MeshFold.Step step = fold.apply(change.get());
        for (Assembly assembly : step.assemblies().values()) {
          if (assembly instanceof Assembly.Built b && tracked.test(b.proxyId())) {
            TailSearch.Found last = built.get(b.proxyId());
            if (last != null && last.config().equals(b.config())) {
              continue; // same content: no need to encode and hash it
            }
            String hash = SnapshotWire.hashOf(SnapshotWire.content(b.config()));
            if (last == null || !last.hash().equals(hash)) {
              built.put(b.proxyId(), new TailSearch.Found(b.config(), hash, position.get()));
            }
          }
        }
        step.removed().forEach(built::remove);
      }

      @Override
      public SortedMap<String, TailSearch.Found> snapshots() {
        return new TreeMap<>(built);
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
