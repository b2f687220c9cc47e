package dev.meshlog.engine.snapshot;

import java.util.Objects;

/**
 * One input event, reduced to what it does to the mesh view: a resource is now this, or is gone.
 * {@code key} is the record key contract ({@code Kind/namespace/name}), unique across kinds.
 */
public sealed interface MeshChange permits MeshChange.Put, MeshChange.Remove {

  String key();

  /** The resource under {@code key} is now {@code resource} (full state, not a patch). */
  record Put(String key, MeshResource resource) implements MeshChange {
    public Put {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(resource, "resource");
    }
  }

  /** Whatever was under {@code key} is gone. */
  record Remove(String key) implements MeshChange {
    public Remove {
      Objects.requireNonNull(key, "key");
    }
  }
}
