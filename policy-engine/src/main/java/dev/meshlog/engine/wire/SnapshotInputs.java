package dev.meshlog.engine.wire;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.TrustRoots;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one input record of the snapshot builder changes in the mesh, if anything: the one rule the
 * engine folds by and a replay from the log must fold by too, or their versions would part.
 *
 * <p>A tombstone removes its key's resource. The bundle topic is keyed by trust domain: only the
 * engine's own domain is folded, its tombstone removes the roots, other domains change nothing (they
 * still advance the position). A record that cannot be folded throws {@link IllegalArgumentException}
 * with the reason; the caller skips it.
 */
public final class SnapshotInputs {

  private SnapshotInputs() {}

  public static Optional<MeshChange> toChange(String key, SpecificRecord value, boolean fromTrustBundleTopic, String trustDomain) {
    if (fromTrustBundleTopic) {
      if (value == null) {
        return trustDomain.equals(key) ? Optional.of(new MeshChange.Remove(TrustRoots.key(trustDomain))) : Optional.empty();
      }
      MeshTrustBundle bundle = (MeshTrustBundle) value;
      return trustDomain.equals(bundle.getTrustDomain()) ? Optional.of(fold(() -> MeshChanges.of(bundle))) : Optional.empty();
    }
    if (value == null) {
      return key == null ? Optional.empty() : Optional.of(new MeshChange.Remove(key));
    }
    if (value instanceof PolicyEvent event) {
      return fold(() -> MeshChanges.of(event));
    }
    if (value instanceof ClusterEvent event) {
      return Optional.of(fold(() -> MeshChanges.of(event)));
    }
    throw new IllegalArgumentException("not a snapshot input: " + value.getSchema().getFullName());
  }

  private static <T> T fold(Supplier<T> change) {
    try {
      return change.get();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.toString(), e);
    }
  }
}
