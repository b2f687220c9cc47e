package dev.meshlog.ingest.registry;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The pure heart of ingest: the logged state of mesh.cluster.events against what one source wants,
 * within a scope of keys, gives the events that make the log say what the source says, and nothing
 * more. So a resync, or a restart over an unchanged cluster, publishes nothing.
 *
 * <p>Ownership: a key whose latest event came from another source (a sidecar's self-registration,
 * source PROXY) is never touched, even when the source wants it too; such keys are reported as
 * foreign. A key this source owns that it no longer wants is REMOVED with its last state.
 */
public final class ClusterDiff {

  private ClusterDiff() {}

  /**
   * @param logged latest state per key (REMOVED keys absent)
   * @param desired what {@code owner} wants, by key; entries outside {@code scope} are ignored
   * @param scope the keys this reconciliation may decide about (a namespace, one pod, everything)
   * @param removedBy attribution of REMOVED events (the object is gone: nobody's managedFields say who)
   */
  public static ClusterChangeSet diff(Map<String, Logged> logged, Map<String, Desired> desired, Predicate<String> scope,
      Source owner, Attribution removedBy) {
    SortedSet<String> keys = new TreeSet<>();
    desired.keySet().stream().filter(scope).forEach(keys::add);
    logged.forEach((key, state) -> {
      if (state.source() == owner && scope.test(key)) {
        keys.add(key);
      }
    });
    List<ClusterChangeSet.Change> changes = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    int unchanged = 0;
    for (String key : keys) {
      Logged was = logged.get(key);
      Desired wanted = desired.get(key);
      if (was != null && was.source() != owner) {
        foreign.add(key);
      } else if (wanted == null) {
        changes.add(new ClusterChangeSet.Change(ClusterChange.REMOVED, was.resource(), removedBy));
      } else if (was == null) {
        changes.add(new ClusterChangeSet.Change(ClusterChange.REGISTERED, wanted.resource(), wanted.attribution()));
      } else if (!was.resource().equals(wanted.resource())) {
        changes.add(new ClusterChangeSet.Change(ClusterChange.UPDATED, wanted.resource(), wanted.attribution()));
      } else {
        unchanged++;
      }
    }
    return new ClusterChangeSet(changes, unchanged, foreign);
  }
}
