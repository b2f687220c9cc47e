package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.wire.ContentEncoder;
import dev.meshlog.engine.wire.SnapshotInputs;
import dev.meshlog.engine.wire.SnapshotWire;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
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
 * <p>The stores are the truth; the fold (state and dependency index), {@link #position} and the
 * {@link PendingSnapshots} mirrors are rebuilt in {@link #init} (Streams re-inits a processor after
 * restoring its stores, e.g. after an aborted transaction). What is pending is "computed hash differs
 * from published hash", so a restart publishes whatever was not yet out.
 *
 * <p>Each event still assembles and hashes every proxy it reaches: a snapshot's version is the position
 * of the last event that changed its content, and only comparing hashes per event tells which one that
 * was, whatever the push timing (so a replay gives the same versions). What an event no longer does is
 * store those snapshots: under a burst that was gigabytes of changelog for states stale a millisecond
 * later. It stores a small marker per changed proxy; the snapshot itself goes out once per push.
 */
final class SnapshotProcessor implements Processor<String, SpecificRecord, String, ProxySnapshot> {

  private static final Logger log = LoggerFactory.getLogger(SnapshotProcessor.class);
  static final Duration PUNCTUATE_EVERY = Duration.ofMillis(20);
  /**
   * Snapshots per punctuation: a push to more proxies goes out over consecutive punctuations, with a commit between
   * them. Unbounded, a push to every proxy (a restart, a mesh-wide change) at 1,000 proxies on a loaded machine kept a
   * transaction open past its timeout (10 s under exactly-once): the task was fenced, restarted and pushed it all again.
   */
  static final int PUSH_BATCH = 100;

  private final Debounce debounce;
  private final String trustDomain;
  private final String trustBundleTopic;
  private ProcessorContext<String, ProxySnapshot> context;
  private SnapshotStores stores;
  private MeshFold fold;
  private LogPosition position;
  private Sensor invalidSnapshots;
  private PendingSnapshots snapshots;
  private final LongSupplier nanoTime;
  /**
   * When the last input was done with: Streams' cached time at its start plus how long it took. An input reaching 100
   * proxies takes longer than the quiet period on a loaded machine, so measured from its start the input looked quiet
   * after every event of a burst and each one was pushed to its proxies (85 snapshots per command at 1,000 proxies).
   */
  private long lastInputMs;
  /** The timestamp of the last input read: how far behind its input the builder is, for the debounce. */
  private long lastInputWrittenMs;
  private long firstPendingMs = -1;
  /** A push is under way: the rest of it goes out at the next punctuations, whatever the debounce says. */
  private boolean pushing;

  SnapshotProcessor(Debounce debounce, String trustDomain, String trustBundleTopic, LongSupplier nanoTime) {
    this.debounce = debounce;
    this.nanoTime = nanoTime;
    this.trustDomain = trustDomain;
    this.trustBundleTopic = trustBundleTopic;
  }

  @Override
  public void init(ProcessorContext<String, ProxySnapshot> context) {
    this.context = context;
    stores = SnapshotStores.of(context);
    fold = MeshFold.restore(stores.restoreState(trustDomain));
    position = stores.restorePosition();
    invalidSnapshots = context.metrics().addRateTotalSensor("snapshot-builder", context.taskId().toString(), "invalid-snapshot",
        Sensor.RecordingLevel.INFO);
    // one pass over the markers at start-up; the pending proxies are assembled on one state, so they share its clusters
    ClusterCache clusters = new ClusterCache(fold.state());
    ContentEncoder encoder = new ContentEncoder();
    snapshots = PendingSnapshots.restore(stores, marker -> reassemble(marker, clusters, encoder));
    lastInputMs = context.currentSystemTimeMs();
    lastInputWrittenMs = lastInputMs;
    firstPendingMs = lastInputMs; // a snapshot computed but not published before a restart goes out now
    context.schedule(PUNCTUATE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    log.info("snapshot builder ready: {} workloads, {} proxies indexed, version {}",
        fold.state().workloads().size(), fold.indexedProxies(), position.version());
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    long now = context.currentSystemTimeMs();
    long started = nanoTime.getAsLong();
    try {
      apply(record, now);
    } finally {
      lastInputMs = now + (nanoTime.getAsLong() - started) / 1_000_000;
      lastInputWrittenMs = record.timestamp();
    }
  }

  private void apply(Record<String, SpecificRecord> record, long now) {
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
    ContentEncoder encoder = new ContentEncoder(); // the proxies of this step share clusters: converted and encoded once
    for (Assembly assembly : step.assemblies().values()) {
      changed |= recompute(assembly, cause, encoder);
    }
    for (String gone : step.removed()) {
      snapshots.removed(gone);
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
  private boolean recompute(Assembly assembly, SnapshotCause cause, ContentEncoder encoder) {
    String proxyId = assembly.proxyId();
    if (assembly instanceof Assembly.Rejected rejected) {
      // keep the last good snapshot rather than publish one the proxy would have to NACK
      invalidSnapshots.record();
      log.warn("[proxy={}] snapshot held back, inconsistent after {}: {}", proxyId, cause.getSubject(), rejected.reason());
      snapshots.holdBack(proxyId);
      return false;
    }
    ProxySnapshot content = encoder.content(((Assembly.Built) assembly).config());
    String hash = encoder.hashOf(content);
    if (snapshots.hash(proxyId).filter(hash::equals).isPresent()) {
      return false;
    }
    snapshots.computed(proxyId, SnapshotWire.stamp(content, hash, position, List.of()), cause);
    log.debug("[proxy={}] snapshot {} computed at version {}", proxyId, hash, position.version());
    return true;
  }

  /**
   * After a restart: the content of a pending proxy's marker, assembled again from the restored state (the marker was
   * written by the last event that changed it, so the state gives the same hash); null if it does not.
   */
  private ProxySnapshot reassemble(ProxySnapshot marker, ClusterCache clusters, ContentEncoder encoder) {
    Workload proxy = fold.state().proxies().get(marker.getProxyId());
    Assembly assembly = proxy == null ? null : SnapshotAssembler.assemble(clusters, proxy);
    if (assembly instanceof Assembly.Built built) {
      ProxySnapshot content = encoder.content(built.config());
      if (encoder.hashOf(content).equals(marker.getHash())) {
        return SnapshotWire.stampLike(content, marker);
      }
    }
    log.warn("[proxy={}] pending snapshot {} not rebuilt from the restored state: it goes out with the proxy's next change",
        marker.getProxyId(), marker.getHash());
    return null;
  }

  private void punctuate(long now) {
    if (!pushing) {
      if (firstPendingMs < 0 || !debounce.due(now, lastInputMs, firstPendingMs, lastInputWrittenMs)) {
        return;
      }
      firstPendingMs = -1; // what changes from now on waits for the next push
    }
    pushing = snapshots.push((proxyId, snapshot) -> {
      context.forward(new Record<>(proxyId, snapshot, now));
      log.debug("[proxy={}] published {}", proxyId, snapshot == null ? "tombstone" : "version " + snapshot.getVersion());
    }, PUSH_BATCH);
  }

  @Override
  public void close() {
    if (invalidSnapshots != null) {
      context.metrics().removeSensor(invalidSnapshots);
    }
  }
}
