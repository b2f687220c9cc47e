package dev.meshlog.ingest.registry;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.ingest.policy.Attribution;
import java.util.List;

/**
 * What one reconciliation decided: the changes to publish, in key order, and how many records in scope
 * were left alone because they are unchanged or owned by another source.
 */
public record ClusterChangeSet(List<Change> changes, int unchanged, List<String> foreign) {

  /** One event to publish: REGISTERED/UPDATED carry the new state, REMOVED the last one. */
  public record Change(ClusterChange change, ClusterResource resource, Attribution attribution) {}

  public ClusterChangeSet {
    changes = List.copyOf(changes);
    foreign = List.copyOf(foreign);
  }

  public long count(ClusterChange change) {
    return changes.stream().filter(c -> c.change() == change).count();
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
