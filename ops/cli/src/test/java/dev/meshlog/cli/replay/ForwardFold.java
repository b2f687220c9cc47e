package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.Assembly;
import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshFold;
import dev.meshlog.engine.snapshot.MeshState;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The engine's way, every affected proxy assembled by {@link MeshFold} at every input: slow, and the reference the
 * replay's walk back ({@link TailSearch}) is held to.
 */
final class ForwardFold implements SnapshotFold {

  private final MeshFold fold;
  private final Map<String, TailSearch.Found> built = new HashMap<>();

  private ForwardFold(String trustDomain) {
    this.fold = MeshFold.restore(MeshState.empty(trustDomain));
  }

  /** A replay of every proxy through the engine's own fold. */
  static MeshReplay replay(Topics topics, String trustDomain) {
    return new MeshReplay(topics, trustDomain, replay -> new ForwardFold(trustDomain));
  }

  @Override
  public void accept(InputRecord record, Optional<MeshChange> change, Supplier<LogPosition> position) {
    if (change.isEmpty()) {
      return;
    }
    MeshFold.Step step = fold.apply(change.get());
    for (Assembly assembly : step.assemblies().values()) {
      if (assembly instanceof Assembly.Built b) {
        TailSearch.Found last = built.get(b.proxyId());
        if (last != null && last.config().equals(b.config())) {
          continue; // same content: the version stays where its content last changed
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
}
