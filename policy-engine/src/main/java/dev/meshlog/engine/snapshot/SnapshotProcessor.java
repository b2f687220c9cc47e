package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.wire.MeshChanges;
import dev.meshlog.engine.wire.SnapshotWire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds policy and cluster events into the mesh state, recomputes every proxy's snapshot after each
 * event, and publishes changed snapshots when the debounce says so.
 *
 * <p>The stores are the truth; {@link #state} and {@link #position} are in-memory mirrors rebuilt in
 * {@link #init} (Streams re-inits a processor after restoring its stores, e.g. after an aborted
 * transaction), so the per-event fold does not re-read every resource. What is pending is not stored:
 * it is "computed hash differs from published hash", so a restart publishes whatever was not yet out.
 */
final class SnapshotProcessor implements Processor<String, SpecificRecord, String, ProxySnapshot> {

  private static final Logger log = LoggerFactory.getLogger(SnapshotProcessor.class);
  static final Duration PUNCTUATE_EVERY = Duration.ofMillis(20);

  private final Debounce debounce;
  private ProcessorContext<String, ProxySnapshot> context;
  private KeyValueStore<String, PolicyEvent> policies;
  private KeyValueStore<String, ClusterEvent> cluster;
  private KeyValueStore<String, ProxySnapshot> computed;
  private KeyValueStore<String, String> published;
  private KeyValueStore<String, Long> positions;
  private MeshState state;
  private LogPosition position;
  private long lastInputMs;
  private long firstPendingMs = -1;

  SnapshotProcessor(Debounce debounce) {
    this.debounce = debounce;
  }

  @Override
  public void init(ProcessorContext<String, ProxySnapshot> context) {
    this.context = context;
    policies = context.getStateStore(SnapshotTopology.POLICIES_STORE);
    cluster = context.getStateStore(SnapshotTopology.CLUSTER_STORE);
    computed = context.getStateStore(SnapshotTopology.COMPUTED_STORE);
    published = context.getStateStore(SnapshotTopology.PUBLISHED_STORE);
    positions = context.getStateStore(SnapshotTopology.POSITIONS_STORE);
    MeshState restored = MeshState.EMPTY;
    try (KeyValueIterator<String, PolicyEvent> it = policies.all()) {
      while (it.hasNext()) {
        Optional<MeshChange> change = MeshChanges.of(it.next().value);
        if (change.isPresent()) {
          restored = restored.apply(change.get());
        }
      }
    }
    try (KeyValueIterator<String, ClusterEvent> it = cluster.all()) {
      while (it.hasNext()) {
        restored = restored.apply(MeshChanges.of(it.next().value));
      }
    }
    LogPosition restoredPosition = LogPosition.START;
    try (KeyValueIterator<String, Long> it = positions.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> kv = it.next();
        LogPosition.Partition p = LogPosition.Partition.parse(kv.key);
        restoredPosition = restoredPosition.advance(p.topic(), p.partition(), kv.value);
      }
    }
    state = restored;
    position = restoredPosition;
    lastInputMs = context.currentSystemTimeMs();
    firstPendingMs = lastInputMs; // a snapshot computed but not published before a restart goes out now
    context.schedule(PUNCTUATE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    log.info("snapshot builder ready: {} workloads, {} policies, version {}",
        state.workloads().size(), state.virtualServices().size() + state.destinationRules().size(), position.version());
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    long now = context.currentSystemTimeMs();
    lastInputMs = now;
    RecordMetadata meta = context.recordMetadata().orElseThrow(() -> new IllegalStateException("input without record metadata"));
    position = position.advance(meta.topic(), meta.partition(), meta.offset());
    positions.put(new LogPosition.Partition(meta.topic(), meta.partition()).key(), meta.offset());

    Optional<MeshChange> change = toChange(record, meta);
    if (change.isEmpty()) {
      return;
    }
    Set<String> proxiesBefore = state.proxies().keySet();
    persist(change.get(), record.value());
    state = state.apply(change.get());
    Set<String> proxiesAfter = state.proxies().keySet();
    boolean changed = false;
    for (Workload proxy : state.proxies().values()) {
      changed |= recompute(proxy);
    }
    for (String gone : proxiesBefore) {
      if (!proxiesAfter.contains(gone)) {
        computed.delete(gone);
        changed = true;
      }
    }
    if (changed && firstPendingMs < 0) {
      firstPendingMs = now;
    }
  }

  private Optional<MeshChange> toChange(Record<String, SpecificRecord> record, RecordMetadata meta) {
    SpecificRecord value = record.value();
    if (value == null) {
      // a tombstone on an input topic: the key's resource is gone
      return record.key() == null ? Optional.empty() : Optional.of(new MeshChange.Remove(record.key()));
    }
    try {
      if (value instanceof PolicyEvent event) {
        return MeshChanges.of(event);
      }
      return Optional.of(MeshChanges.of((ClusterEvent) value));
    } catch (RuntimeException e) {
      log.warn("skipping an event that cannot be folded at {}-{}@{}: {}", meta.topic(), meta.partition(), meta.offset(), e.toString());
      return Optional.empty();
    }
  }

  private void persist(MeshChange change, SpecificRecord value) {
    if (change instanceof MeshChange.Remove) {
      policies.delete(change.key());
      cluster.delete(change.key());
    } else if (value instanceof PolicyEvent event) {
      policies.put(change.key(), event);
    } else {
      cluster.put(change.key(), (ClusterEvent) value);
    }
  }

  /** True when the proxy's content changed: then its snapshot takes the current position as version. */
  private boolean recompute(Workload proxy) {
    String proxyId = proxy.proxyId().orElseThrow();
    ProxyConfig config;
    try {
      config = SnapshotAssembler.assemble(state, proxy);
    } catch (InvalidSnapshotException e) {
      // keep the last good snapshot rather than stop the builder for every proxy
      log.error("[proxy={}] snapshot not updated: {}", proxyId, e.getMessage());
      return false;
    }
    String hash = SnapshotWire.contentHash(config);
    ProxySnapshot last = computed.get(proxyId);
    if (last != null && last.getHash().equals(hash)) {
      return false;
    }
    computed.put(proxyId, SnapshotWire.toAvro(config, hash, position));
    log.debug("[proxy={}] snapshot {} computed at version {}", proxyId, hash, position.version());
    return true;
  }

  private void punctuate(long now) {
    if (firstPendingMs < 0 || !debounce.due(now, lastInputMs, firstPendingMs)) {
      return;
    }
    firstPendingMs = -1;
    List<String> removed = new ArrayList<>();
    try (KeyValueIterator<String, ProxySnapshot> it = computed.all()) {
      while (it.hasNext()) {
        KeyValue<String, ProxySnapshot> kv = it.next();
        if (!kv.value.getHash().equals(published.get(kv.key))) {
          context.forward(new Record<>(kv.key, kv.value, now));
          published.put(kv.key, kv.value.getHash());
          log.debug("[proxy={}] published version {}", kv.key, kv.value.getVersion());
        }
      }
    }
    try (KeyValueIterator<String, String> it = published.all()) {
      while (it.hasNext()) {
        String proxyId = it.next().key;
        if (computed.get(proxyId) == null) {
          removed.add(proxyId);
        }
      }
    }
    for (String proxyId : removed) {
      // the proxy is gone: a tombstone lets compaction drop its snapshot
      context.forward(new Record<String, ProxySnapshot>(proxyId, null, now));
      published.delete(proxyId);
      log.debug("[proxy={}] snapshot tombstoned", proxyId);
    }
  }
}
