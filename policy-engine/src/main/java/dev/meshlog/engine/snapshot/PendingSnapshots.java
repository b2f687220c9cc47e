package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.wire.SnapshotWire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per proxy, the snapshot computed since its last push: content in memory, and in the stores only
 * what a restart needs to push the same snapshot again, a small marker and one record per cause.
 *
 * <p>Why not the whole snapshot per event: under a burst each command reaches hundreds of proxies with
 * snapshots of tens of kilobytes, most of them stale milliseconds later. Writing each one to a
 * changelogged store cost gigabytes of changelog per burst; the marker (the snapshot's hash, version and
 * source offsets, its content left out) and the cause records cost a few hundred bytes per proxy per event.
 *
 * <p>After a restart the content comes back from the restored fold: assembly is a pure function of the
 * state, and the marker of a pending proxy was written by the last event that changed its content, so
 * assembling it on the restored state gives the marker's hash again. The one exception is an assembly
 * rejected while the proxy was pending (the state moved on to content that must not be published): the
 * last good snapshot is then stored whole, as {@link #holdBack} does, and pushed from the store.
 */
final class PendingSnapshots {

  /** Causes kept per pending snapshot: a replay from an empty store would otherwise list the whole history. */
  static final int MAX_CAUSES = 100;

  private final KeyValueStore<String, ProxySnapshot> markers;
  private final KeyValueStore<String, SnapshotCause> causeStore;
  private final KeyValueStore<String, String> published;
  /** Mirror of the hashes in the marker store, every computed proxy. */
  private final Map<String, String> hashes = new HashMap<>();
  /** Proxies whose computed snapshot may differ from the published one: all a push has to look at. */
  private final SortedSet<String> pending = new TreeSet<>();
  /** The proxies of the push under way not yet looked at. */
  private final SortedSet<String> pushing = new TreeSet<>();
  /** Per pending proxy: the computed snapshot, stamped with its version, causes not yet set. */
  private final Map<String, ProxySnapshot> contents = new HashMap<>();
  /** Per proxy, the causes stored since its last push, oldest first, by their store key. */
  private final Map<String, List<KeyValue<String, SnapshotCause>>> causes = new HashMap<>();

  private PendingSnapshots(SnapshotStores stores) {
    markers = stores.computed();
    causeStore = stores.pendingCauses();
    published = stores.published();
  }

  /** The mirrors, read back from the stores; a pending proxy's content from {@code restored} (see the class comment). */
  static PendingSnapshots restore(SnapshotStores stores, Restored restored) {
    PendingSnapshots snapshots = new PendingSnapshots(stores);
    snapshots.hashes.putAll(stores.computedHashes());
    snapshots.pending.addAll(stores.unpublished(snapshots.hashes));
    try (KeyValueIterator<String, SnapshotCause> it = snapshots.causeStore.all()) {
      it.forEachRemaining(kv -> snapshots.causes.computeIfAbsent(proxyOf(kv.key), p -> new ArrayList<>()).add(kv));
    }
    for (String proxyId : snapshots.pending) {
      ProxySnapshot marker = snapshots.hashes.containsKey(proxyId) ? snapshots.markers.get(proxyId) : null;
      ProxySnapshot content = marker == null ? null : SnapshotWire.isComplete(marker) ? marker : restored.content(marker);
      if (content != null) {
        snapshots.contents.put(proxyId, content);
      }
    }
    return snapshots;
  }

  /** How a restart gets back the content of a marker written before it: stamped like it, or null if the state no longer gives it. */
  interface Restored {
    ProxySnapshot content(ProxySnapshot marker);
  }

  Optional<String> hash(String proxyId) {
    return Optional.ofNullable(hashes.get(proxyId));
  }

  /** A new content for {@code proxyId}, already stamped with its hash and version, changed by {@code cause}. */
  void computed(String proxyId, ProxySnapshot snapshot, SnapshotCause cause) {
    String last = hashes.get(proxyId);
    if (last == null || last.equals(published.get(proxyId))) {
      dropCauses(proxyId); // the previous push carried them
    }
    List<KeyValue<String, SnapshotCause>> carried = causes.computeIfAbsent(proxyId, p -> new ArrayList<>());
    KeyValue<String, SnapshotCause> entry = KeyValue.pair(causeKey(proxyId, snapshot.getVersion()), cause);
    causeStore.put(entry.key, entry.value);
    carried.add(entry);
    while (carried.size() > MAX_CAUSES) {
      causeStore.delete(carried.remove(0).key);
    }
    markers.put(proxyId, SnapshotWire.marker(snapshot));
    hashes.put(proxyId, snapshot.getHash());
    contents.put(proxyId, snapshot);
    pending.add(proxyId);
  }

  /**
   * The proxy's new assembly was rejected: it keeps its computed snapshot, and if that one is still to be pushed it
   * is stored whole, since the state no longer assembles to it (rare: only inconsistent input gets here).
   */
  void holdBack(String proxyId) {
    String hash = hashes.get(proxyId);
    ProxySnapshot content = contents.get(proxyId);
    if (hash != null && content != null && !hash.equals(published.get(proxyId))) {
      markers.put(proxyId, content);
    }
  }

  void removed(String proxyId) {
    markers.delete(proxyId);
    hashes.remove(proxyId);
    contents.remove(proxyId);
    dropCauses(proxyId);
    pending.add(proxyId);
  }

  /** What a push does with each pending proxy: publish a snapshot, or a tombstone (null). */
  interface Publisher {
    void publish(String proxyId, ProxySnapshot snapshotOrTombstone);
  }

  /**
   * Publishes the proxies pending when the push began whose computed hash is not the published one, with their causes,
   * at most {@code max} of them per call (in proxy id order); true if the push is not done. Bounded, so that a push to
   * every proxy of a large mesh on a loaded machine cannot outlast a transaction; and a proxy that changes while the
   * push is under way is pushed with what it is when its turn comes, or by the next push (it is pending again).
   */
  boolean push(Publisher publisher, int max) {
    if (pushing.isEmpty()) {
      pushing.addAll(pending);
      pending.clear();
    }
    int pushed = 0;
    Iterator<String> it = pushing.iterator();
    while (it.hasNext() && pushed < max) {
      String proxyId = it.next();
      String hash = hashes.get(proxyId);
      String last = published.get(proxyId);
      ProxySnapshot content = contents.get(proxyId);
      if (hash == null && last != null) {
        publisher.publish(proxyId, null); // the proxy is gone: a tombstone lets compaction drop its snapshot
        published.delete(proxyId);
        pushed++;
      } else if (hash != null && content != null && !hash.equals(last)) {
        List<SnapshotCause> carried = causes.getOrDefault(proxyId, List.of()).stream().map(kv -> kv.value).toList();
        content.setCauses(new ArrayList<>(carried));
        publisher.publish(proxyId, content);
        published.put(proxyId, hash);
        pushed++;
      }
      dropCauses(proxyId);
      contents.remove(proxyId);
      it.remove();
    }
    return !pushing.isEmpty();
  }

  private void dropCauses(String proxyId) {
    List<KeyValue<String, SnapshotCause>> carried = causes.remove(proxyId);
    if (carried != null) {
      carried.forEach(kv -> causeStore.delete(kv.key));
    }
  }

  /** The proxy id, then the version zero-padded: a proxy's causes sort together, oldest first (ids hold no NUL). */
  static String causeKey(String proxyId, long version) {
    return proxyId + '\u0000' + String.format("%019d", version);
  }

  private static String proxyOf(String causeKey) {
    return causeKey.substring(0, causeKey.indexOf('\u0000'));
  }
}
