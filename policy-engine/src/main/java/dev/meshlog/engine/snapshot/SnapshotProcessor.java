package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.wire.SnapshotInputs;
import dev.meshlog.engine.wire.SnapshotWire;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds policy and cluster events into the mesh state, recomputes the snapshots of the proxies each
 * event affects ({@link MeshFold}), and publishes changed snapshots when the debounce says so.
 *
 * <p>The stores are the truth; the fold (state and dependency index) and {@link #position} are
 * in-memory mirrors rebuilt in {@link #init} (Streams re-inits a processor after restoring its stores,
 * e.g. after an aborted transaction). What is pending is not stored: it is "computed hash differs
 * from published hash", so a restart publishes whatever was not yet out.
 *
 * <p>A change reaches hundreds of proxies with snapshots of tens of kilobytes, so the hot path avoids
 * store round trips: each snapshot is converted and encoded for its hash once, the computed hashes
 * are mirrored in memory, and a pending snapshot is published from the object that was stored.
 */
final class SnapshotProcessor implements Processor<String, SpecificRecord, String, ProxySnapshot> {

  private static final Logger log = LoggerFactory.getLogger(SnapshotProcessor.class);
  static final Duration PUNCTUATE_EVERY = Duration.ofMillis(20);
  /** Causes kept per pending snapshot: a replay from an empty store would otherwise list the whole history. */
  static final int MAX_CAUSES = 100;

  private final Debounce debounce;
  private final String trustDomain;
  private final String trustBundleTopic;
  private ProcessorContext<String, ProxySnapshot> context;
  private SnapshotStores stores;
  private MeshFold fold;
  private LogPosition position;
  private Sensor invalidSnapshots;
  /** Proxies whose computed snapshot may differ from the published one: all a push has to look at. */
  private final SortedSet<String> pending = new TreeSet<>();
  /** Mirror of the hashes in the computed store. */
  private final Map<String, String> computedHashes = new HashMap<>();
  /** Snapshots computed since the last push, as stored; a proxy pending since before a restart is read from the store. */
  private final Map<String, ProxySnapshot> unpublished = new HashMap<>();
  private long lastInputMs;
  private long firstPendingMs = -1;

  SnapshotProcessor(Debounce debounce, String trustDomain, String trustBundleTopic) {
    this.debounce = debounce;
    this.trustDomain = trustDomain;
    this.trustBundleTopic = trustBundleTopic;
  }

  @Override
  public void init(ProcessorContext<String, ProxySnapshot> context) {
    this.context = context;
    stores = SnapshotStores.of(context);
    fold = MeshFold.restore(stores.restoreState(trustDomain));
    position = stores.restorePosition();
    computedHashes.clear();
    computedHashes.putAll(stores.computedHashes()); // one pass over the computed snapshots at start-up
    pending.clear();
    pending.addAll(stores.unpublished(computedHashes));
    unpublished.clear();
    invalidSnapshots = context.metrics().addRateTotalSensor("snapshot-builder", context.taskId().toString(), "invalid-snapshot",
        Sensor.RecordingLevel.INFO);
    lastInputMs = context.currentSystemTimeMs();
    firstPendingMs = lastInputMs; // a snapshot computed but not published before a restart goes out now
    context.schedule(PUNCTUATE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    log.info("snapshot builder ready: {} workloads, {} proxies indexed, version {}",
        fold.state().workloads().size(), fold.indexedProxies(), position.version());
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    long now = context.currentSystemTimeMs();
    lastInputMs = now;
    RecordMetadata meta = context.recordMetadata().orElseThrow(() -> new IllegalStateException("input without record metadata"));
    position = position.advance(meta.topic(), meta.partition(), meta.offset());
    stores.savePosition(meta.topic(), meta.partition(), meta.offset());

    Optional<MeshChange> change = toChange(record, meta);
    if (change.isEmpty()) {
      return;
    }
    MeshFold.Step step = fold.apply(change.get());
    stores.persist(change.get(), record.value(), fold.state());
    SnapshotCause cause = new SnapshotCause(change.get().key(), meta.topic(), meta.partition(), meta.offset(), eventTime(record));
    boolean changed = false;
    for (Assembly assembly : step.assemblies().values()) {
      if (recompute(assembly, cause)) {
        pending.add(assembly.proxyId());
        changed = true;
      }
    }
    for (String gone : step.removed()) {
      stores.computed().delete(gone);
      computedHashes.remove(gone);
      unpublished.remove(gone);
      pending.add(gone);
      changed = true;
    }
    if (changed && firstPendingMs < 0) {
      firstPendingMs = now;
    }
  }

  private Optional<MeshChange> toChange(Record<String, SpecificRecord> record, RecordMetadata meta) {
    boolean bundle = meta.topic().equals(trustBundleTopic);
    try {
      Optional<MeshChange> change = SnapshotInputs.toChange(record.key(), record.value(), bundle, trustDomain);
      if (bundle && change.isEmpty() && record.value() != null) {
        log.debug("ignoring a trust bundle of another trust domain at {}-{}@{}: this engine serves {}",
            meta.topic(), meta.partition(), meta.offset(), trustDomain);
      }
      return change;
    } catch (IllegalArgumentException e) {
      log.warn("skipping an input that cannot be folded at {}-{}@{}: {}", meta.topic(), meta.partition(), meta.offset(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Instant eventTime(Record<String, SpecificRecord> record) {
    if (record.value() instanceof MeshTrustBundle bundle) {
      return bundle.getEnvelope().getTime();
    }
    if (record.value() instanceof PolicyEvent event) {
      return event.getEnvelope().getTime();
    }
    if (record.value() instanceof ClusterEvent event) {
      return event.getEnvelope().getTime();
    }
    return Instant.ofEpochMilli(record.timestamp());
  }

  /** True when the proxy's content changed: then its snapshot takes the current position as version. */
  private boolean recompute(Assembly assembly, SnapshotCause cause) {
    String proxyId = assembly.proxyId();
    if (assembly instanceof Assembly.Rejected rejected) {
      // keep the last good snapshot rather than publish one the proxy would have to NACK
      invalidSnapshots.record();
      log.warn("[proxy={}] snapshot held back, inconsistent after {}: {}", proxyId, cause.getSubject(), rejected.reason());
      return false;
    }
    ProxySnapshot content = SnapshotWire.content(((Assembly.Built) assembly).config());
    String hash = SnapshotWire.hashOf(content);
    String lastHash = computedHashes.get(proxyId);
    if (hash.equals(lastHash)) {
      return false;
    }
    List<SnapshotCause> causes = new ArrayList<>();
    if (lastHash != null && !lastHash.equals(stores.published().get(proxyId))) {
      causes.addAll(lastComputed(proxyId).getCauses()); // still pending: this change adds to what the next push carries
    }
    causes.add(cause);
    if (causes.size() > MAX_CAUSES) {
      causes = new ArrayList<>(causes.subList(causes.size() - MAX_CAUSES, causes.size()));
    }
    ProxySnapshot snapshot = SnapshotWire.stamp(content, hash, position, causes);
    stores.computed().put(proxyId, snapshot);
    computedHashes.put(proxyId, hash);
    unpublished.put(proxyId, snapshot);
    log.debug("[proxy={}] snapshot {} computed at version {}", proxyId, hash, position.version());
    return true;
  }

  private void punctuate(long now) {
    if (firstPendingMs < 0 || !debounce.due(now, lastInputMs, firstPendingMs)) {
      return;
    }
    firstPendingMs = -1;
    for (String proxyId : pending) {
      ProxySnapshot computed = computedHashes.containsKey(proxyId) ? lastComputed(proxyId) : null;
      String published = stores.published().get(proxyId);
      if (computed == null && published != null) {
        // the proxy is gone: a tombstone lets compaction drop its snapshot
        context.forward(new Record<String, ProxySnapshot>(proxyId, null, now));
        stores.published().delete(proxyId);
        log.debug("[proxy={}] snapshot tombstoned", proxyId);
      } else if (computed != null && !computed.getHash().equals(published)) {
        context.forward(new Record<>(proxyId, computed, now));
        stores.published().put(proxyId, computed.getHash());
        log.debug("[proxy={}] published version {}", proxyId, computed.getVersion());
      }
    }
    pending.clear();
    unpublished.clear();
  }

  private ProxySnapshot lastComputed(String proxyId) {
    ProxySnapshot snapshot = unpublished.get(proxyId);
    return snapshot != null ? snapshot : stores.computed().get(proxyId);
  }

  @Override
  public void close() {
    if (invalidSnapshots != null) {
      context.metrics().removeSensor(invalidSnapshots);
    }
  }
}
