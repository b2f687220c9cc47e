package dev.meshlog.cli.replay;

import dev.meshlog.avro.PolicyEvent;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The mesh rebuilt at a point of the log: the policy resources in force (the last accepted event per subject) and
 * every registered proxy's snapshot, with how far the replay read.
 *
 * @param lastPolicyOffset the offset of the last policy event folded, -1 if none
 * @param lastTimestamp the newest timestamp among the folded records, -1 if none
 * @param position the engine's version number for the whole position reached
 */
public record ReplayedMesh(LogPoint point, SortedMap<String, PolicyEvent> policies, SortedMap<String, ReplayedProxy> proxies,
    long lastPolicyOffset, long lastTimestamp, long position) {

  public ReplayedMesh {
    policies = Collections.unmodifiableSortedMap(new TreeMap<>(policies));
    proxies = Collections.unmodifiableSortedMap(new TreeMap<>(proxies));
  }
}
