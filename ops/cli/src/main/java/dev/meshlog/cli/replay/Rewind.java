package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshResource;
import dev.meshlog.engine.snapshot.MeshState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state walking back: undone keys are collected and applied in one go when a proxy must be assembled, each
 * key at the value it had before the earliest undone input of it.
 */
final class Rewind {
  private MeshState state;
  private final Map<String, Integer> pending = new HashMap<>();

  Rewind(MeshState state) {
    this.state = state;
  }

  void undo(String key, int previous) {
    pending.put(key, previous); // walking back: the latest call is the earliest input
  }

  MeshState state(TailSearch log) {
    for (Map.Entry<String, Integer> e : pending.entrySet()) {
      Optional<MeshResource> value = e.getValue() < 0 ? Optional.empty() : log.resourceAt(e.getValue());
      MeshChange change = value.<MeshChange>map(r -> new MeshChange.Put(e.getKey(), r)).orElseGet(() -> new MeshChange.Remove(e.getKey()));
      state = state.apply(new MeshChange.Remove(e.getKey())).apply(change); // a fresh put: its own creation sequence
    }
    pending.clear();
    return state;
  }
}
