package dev.meshlog.cli.replay;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshFold;
import dev.meshlog.engine.wire.SnapshotInputs;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's snapshot fold run again over merged input records, as {@code SnapshotProcessor} runs it: every folded
 * record advances the {@link LogPosition}; events become changes through the engine's own {@code wire.MeshChanges};
 * tombstones remove their key; only the engine's trust domain's bundle is folded; undecodable records are skipped
 * without advancing the position, as the engine's log-and-continue handler skips them before the processor. Also
 * keeps the policy resources in force. The snapshots come from a {@link SnapshotFold}: found walking back from the
 * end ({@link TailSearch}, the default), or input by input as the engine does ({@link MeshFold}, the reference in the tests).
 */
public final class MeshReplay {

  private record Decoders(Deserializer<PolicyEvent> policies, Deserializer<ClusterEvent> cluster, Deserializer<MeshTrustBundle> bundles) {}

  private static final Logger log = LoggerFactory.getLogger(MeshReplay.class);

  private final String trustDomain;
  private final String policyTopic;
  private final String clusterTopic;
  private final String bundleTopic;
  private final SnapshotFold fold;
  private final Deserializer<String> keys = new StringDeserializer();
  /** Per decoding thread: Avro decoders are not shared across threads. */
  private final ThreadLocal<Decoders> decoders;
  private final SortedMap<LogPosition.Partition, Long> offsets = new TreeMap<>();
  private long version;
  private final Map<String, PolicyEvent> policies = new HashMap<>();
  private long lastPolicyOffset = -1;
  private long lastTimestamp = -1;

  /** Every proxy's snapshot, found walking back from the end ({@link TailSearch}); keeps every input it may need. */
  public static MeshReplay allProxies(Topics topics, String trustDomain) {
    return allProxies(topics, trustDomain, RecordFetch.NONE);
  }

  /** Every proxy's snapshot, found walking back; inputs older than {@link TailSearch#WINDOW} are read again from {@code fetch}. */
  public static MeshReplay allProxies(Topics topics, String trustDomain, RecordFetch fetch) {
    return tail(topics, trustDomain, id -> true, fetch == RecordFetch.NONE ? Integer.MAX_VALUE : TailSearch.WINDOW, fetch);
  }

  /** One proxy's snapshot, found walking back from the end: no other proxy is assembled. */
  public static MeshReplay oneProxy(Topics topics, String trustDomain, String proxyId) {
    return oneProxy(topics, trustDomain, proxyId, RecordFetch.NONE);
  }

  public static MeshReplay oneProxy(Topics topics, String trustDomain, String proxyId, RecordFetch fetch) {
    return tail(topics, trustDomain, new SnapshotFold.OneProxy(proxyId), fetch == RecordFetch.NONE ? Integer.MAX_VALUE : TailSearch.WINDOW,
        fetch);
  }

  /** A walk back keeping only the last {@code window} inputs (and each key's last) in memory, the rest read again. */
  static MeshReplay tail(Topics topics, String trustDomain, java.util.function.Predicate<String> tracked, int window, RecordFetch fetch) {
    return new MeshReplay(topics, trustDomain, replay -> SnapshotFold.tail(trustDomain, tracked, window,
        (topic, partition, offset) -> fetch.at(topic, partition, offset).map(replay::decode).filter(Decoded::ok).flatMap(Decoded::change)));
  }

  /** The policy resources only: no proxy is assembled at all. */
  public static MeshReplay policiesOnly(Topics topics, String trustDomain) {
    return new MeshReplay(topics, trustDomain, replay -> SnapshotFold.none());
  }

  /** Package-private so tests can plug in the engine's forward fold as the reference. */
  MeshReplay(Topics topics, String trustDomain, java.util.function.Function<MeshReplay, SnapshotFold> fold) {
    this.trustDomain = trustDomain;
    this.policyTopic = topics.policyEvents().name();
    this.clusterTopic = topics.clusterEvents().name();
    this.bundleTopic = topics.caBundle().name();
    this.decoders = ThreadLocal.withInitial(() -> new Decoders(topics.policyEvents().valueSerde().deserializer(),
        topics.clusterEvents().valueSerde().deserializer(), topics.caBundle().valueSerde().deserializer()));
    this.fold = fold.apply(this);
  }

  /** One record decoded, off the fold's thread: its key, value and change; {@code ok} false when it does not decode. */
  private record Decoded(InputRecord record, boolean ok, String key, Object value, Optional<MeshChange> change) {}

  /** Folds one record; records must come in fold order ({@link MergedInputs}). */
  public void accept(InputRecord record) {
    fold(decode(record));
  }

  /**
   * Folds a batch of records in order, decoding them in parallel first: decoding is most of a replay's work and
   * needs nothing from the fold.
   */
  public void acceptAll(List<InputRecord> records) {
    records.parallelStream().map(this::decode).toList().forEach(this::fold);
  }

  private Decoded decode(InputRecord record) {
    String key;
    Object value;
    try {
      key = keys.deserialize(record.topic(), record.key());
      value = value(record);
    } catch (SerializationException | ClassCastException e) {
      log.warn("skipping an undecodable record at {}: {}", record.where(), e.getMessage());
      return new Decoded(record, false, null, null, Optional.empty());
    }
    return new Decoded(record, true, key, value, change(record, key, value));
  }

  private void fold(Decoded decoded) {
    if (!decoded.ok()) {
      return;
    }
    InputRecord record = decoded.record();
    Long last = offsets.put(new LogPosition.Partition(record.topic(), record.partition()), record.offset());
    version += record.offset() - (last == null ? -1 : last);
    lastTimestamp = Math.max(lastTimestamp, record.timestamp());
    if (record.topic().equals(policyTopic)) {
      lastPolicyOffset = record.offset();
      foldPolicy(decoded.key(), (PolicyEvent) decoded.value());
    }
    fold.accept(record, decoded.change(), this::position);
  }

  /** How far the fold has read. */
  private LogPosition position() {
    return new LogPosition(offsets);
  }

  private Object value(InputRecord record) {
    Decoders d = decoders.get();
    if (record.topic().equals(policyTopic)) {
      return d.policies().deserialize(record.topic(), record.value());
    }
    if (record.topic().equals(clusterTopic)) {
      return d.cluster().deserialize(record.topic(), record.value());
    }
    return d.bundles().deserialize(record.topic(), record.value());
  }

  private void foldPolicy(String key, PolicyEvent event) {
    if (event == null) {
      if (key != null) {
        policies.remove(key);
      }
    } else if (event.getOperation() == Operation.DELETE) {
      policies.remove(Subjects.of(event.getKind(), event.getNamespace(), event.getName()));
    } else {
      policies.put(Subjects.of(event.getKind(), event.getNamespace(), event.getName()), event);
    }
  }

  /** The engine's own rule ({@link SnapshotInputs}), so the replay folds exactly what the engine folded. */
  private Optional<MeshChange> change(InputRecord record, String key, Object value) {
    try {
      return SnapshotInputs.toChange(key, (SpecificRecord) value, record.topic().equals(bundleTopic), trustDomain);
    } catch (IllegalArgumentException e) {
      log.warn("skipping an event that cannot be folded at {}: {}", record.where(), e.getMessage());
      return Optional.empty();
    }
  }

  /** What the fold holds now. */
  public ReplayedMesh result(LogPoint point) {
    TreeMap<String, ReplayedProxy> built = new TreeMap<>();
    fold.snapshots().forEach((id, b) -> built.put(id, new ReplayedProxy(id, b.position().version(), b.hash(),
        SnapshotWire.stamp(SnapshotWire.content(b.config()), b.hash(), b.position(), java.util.List.of()))));
    return new ReplayedMesh(point, new TreeMap<>(policies), built, lastPolicyOffset, lastTimestamp, version);
  }
}
