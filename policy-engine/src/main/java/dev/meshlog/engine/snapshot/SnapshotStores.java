package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.wire.MeshChanges;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The snapshot builder's stores (see {@link SnapshotTopology} for what each holds), and how the fold's state is saved in them and rebuilt. */
record SnapshotStores(
    KeyValueStore<String, PolicyEvent> policies,
    KeyValueStore<String, Long> created,
    KeyValueStore<String, ClusterEvent> cluster,
    KeyValueStore<String, ProxySnapshot> computed,
    KeyValueStore<String, String> published,
    KeyValueStore<String, Long> positions,
    KeyValueStore<String, MeshTrustBundle> trustBundle,
    KeyValueStore<String, SnapshotCause> pendingCauses) {

  static SnapshotStores of(ProcessorContext<?, ?> context) {
    return new SnapshotStores(context.getStateStore(SnapshotTopology.POLICIES_STORE), context.getStateStore(SnapshotTopology.CREATED_STORE),
        context.getStateStore(SnapshotTopology.CLUSTER_STORE), context.getStateStore(SnapshotTopology.COMPUTED_STORE),
        context.getStateStore(SnapshotTopology.PUBLISHED_STORE), context.getStateStore(SnapshotTopology.POSITIONS_STORE),
        context.getStateStore(SnapshotTopology.TRUST_BUNDLE_STORE), context.getStateStore(SnapshotTopology.PENDING_CAUSES_STORE));
  }

  /** Saves the event that made {@code change}, and the creation sequence {@code after} keeps for an ordered policy. */
  void persist(MeshChange change, SpecificRecord value, MeshState after) {
    String key = change.key();
    if (change instanceof MeshChange.Remove) {
      policies.delete(key);
      created.delete(key);
      cluster.delete(key);
      trustBundle.delete(key);
    } else if (value instanceof MeshTrustBundle bundle) {
      trustBundle.put(key, bundle);
    } else if (value instanceof PolicyEvent event) {
      policies.put(key, event);
      after.resource(key).filter(Ordered.class::isInstance).map(r -> ((Ordered) r).created()).ifPresent(c -> created.put(key, c));
    } else {
      cluster.put(key, (ClusterEvent) value);
    }
  }

  void savePosition(String topic, int partition, long offset) {
    positions.put(new LogPosition.Partition(topic, partition).key(), offset);
  }

  MeshState restoreState(String trustDomain) {
    MeshState state = MeshState.empty(trustDomain);
    try (KeyValueIterator<String, PolicyEvent> it = policies.all()) {
      while (it.hasNext()) {
        KeyValue<String, PolicyEvent> kv = it.next();
        Optional<MeshChange> change = MeshChanges.of(kv.value).map(c -> withCreated(c, created.get(kv.key)));
        if (change.isPresent()) {
          state = state.apply(change.get());
        }
      }
    }
    try (KeyValueIterator<String, ClusterEvent> it = cluster.all()) {
      while (it.hasNext()) {
        state = state.apply(MeshChanges.of(it.next().value));
      }
    }
    try (KeyValueIterator<String, MeshTrustBundle> it = trustBundle.all()) {
      while (it.hasNext()) {
        state = state.apply(MeshChanges.of(it.next().value));
      }
    }
    return state;
  }

  LogPosition restorePosition() {
    LogPosition position = LogPosition.START;
    try (KeyValueIterator<String, Long> it = positions.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        LogPosition.Partition p = LogPosition.Partition.parse(kv.key);
        position = position.advance(p.topic(), p.partition(), kv.value);
      }
    }
    return position;
  }

  /** The content hash of every computed snapshot (marker or whole), by proxy id. */
  Map<String, String> computedHashes() {
    Map<String, String> hashes = new HashMap<>();
    try (KeyValueIterator<String, ProxySnapshot> it = computed.all()) {
      while (it.hasNext()) {
        KeyValue<String, ProxySnapshot> kv = it.next();
        hashes.put(kv.key, kv.value.getHash());
      }
    }
    return hashes;
  }

  /** Proxies whose computed snapshot (by {@link #computedHashes}) is not the published one, or whose published one must be tombstoned. */
  SortedSet<String> unpublished(Map<String, String> computedHashes) {
    SortedSet<String> ids = new TreeSet<>();
    computedHashes.forEach((proxyId, hash) -> {
      if (!hash.equals(published.get(proxyId))) {
        ids.add(proxyId);
      }
    });
    try (KeyValueIterator<String, String> it = published.all()) {
      while (it.hasNext()) {
        String proxyId = it.next().key;
        if (!computedHashes.containsKey(proxyId)) {
          ids.add(proxyId);
        }
      }
    }
    return ids;
  }


  private static MeshChange withCreated(MeshChange change, Long sequence) {
    if (sequence == null || !(change instanceof MeshChange.Put put)) {
      return change;
    }
    if (put.resource() instanceof VirtualService vs) {
      return new MeshChange.Put(put.key(), vs.withCreated(sequence));
    }
    if (put.resource() instanceof DestinationRule dr) {
      return new MeshChange.Put(put.key(), dr.withCreated(sequence));
    }
    return change;
  }
}
