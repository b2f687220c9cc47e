package dev.meshlog.cli.replay;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.snapshot.Assembly;
import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshFold;
import dev.meshlog.engine.snapshot.MeshState;
import dev.meshlog.engine.snapshot.ProxyConfig;
import dev.meshlog.engine.snapshot.TrustRoots;
import dev.meshlog.engine.wire.MeshChanges;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's snapshot fold run again over merged input records, as {@code SnapshotProcessor} runs it: every folded
 * record advances the {@link LogPosition}; a change reassembles the proxies it affects ({@link MeshFold}); a proxy's
 * version is the position at the last input that changed its content hash; a rejected assembly keeps the last good
 * snapshot; a removed proxy loses its snapshot (so a re-registered one gets a new version even with the old content);
 * only the engine's trust domain's bundle is folded. Undecodable records are skipped without advancing the position,
 * as the engine's log-and-continue handler skips them before the processor.
 *
 * <p>A config equal to the previous one is not re-encoded or hashed, which is most of the per-proxy work saved; with
 * one proxy asked for, no other proxy is even assembled ({@link OneProxyFold}).
 */
public final class MeshReplay {

  private static final Logger log = LoggerFactory.getLogger(MeshReplay.class);

  private final String trustDomain;
  private final String policyTopic;
  private final String clusterTopic;
  private final String bundleTopic;
  private final Predicate<String> tracked;
  private final Function<MeshChange, MeshFold.Step> fold;
  private final Deserializer<String> keys = new StringDeserializer();
  private final Deserializer<PolicyEvent> policyValues;
  private final Deserializer<ClusterEvent> clusterValues;
  private final Deserializer<MeshTrustBundle> bundleValues;
  private LogPosition position = LogPosition.START;
  private final Map<String, PolicyEvent> policies = new HashMap<>();
  private final Map<String, Built> proxies = new HashMap<>();
  private long lastPolicyOffset = -1;
  private long lastTimestamp = -1;

  /** A proxy's last good config, its content hash and the position it took its version at. */
  private record Built(ProxyConfig config, String hash, LogPosition position) {}

  /** Every proxy's snapshot, through the engine's own {@link MeshFold}. */
  public static MeshReplay allProxies(Topics topics, String trustDomain) {
    return new MeshReplay(topics, trustDomain, id -> true, MeshFold.restore(MeshState.empty(trustDomain))::apply);
  }

  /** One proxy's snapshot: the same state and rules, but no other proxy is assembled ({@link OneProxyFold}). */
  public static MeshReplay oneProxy(Topics topics, String trustDomain, String proxyId) {
    return new MeshReplay(topics, trustDomain, proxyId::equals, new OneProxyFold(MeshState.empty(trustDomain), proxyId));
  }

  /** The policy resources only: no proxy is assembled at all. */
  public static MeshReplay policiesOnly(Topics topics, String trustDomain) {
    return new MeshReplay(topics, trustDomain, id -> false, change -> new MeshFold.Step(new TreeMap<>(), new TreeSet<>()));
  }

  private MeshReplay(Topics topics, String trustDomain, Predicate<String> tracked, Function<MeshChange, MeshFold.Step> fold) {
    this.trustDomain = trustDomain;
    this.policyTopic = topics.policyEvents().name();
    this.clusterTopic = topics.clusterEvents().name();
    this.bundleTopic = topics.caBundle().name();
    this.tracked = tracked;
    this.policyValues = topics.policyEvents().valueSerde().deserializer();
    this.clusterValues = topics.clusterEvents().valueSerde().deserializer();
    this.bundleValues = topics.caBundle().valueSerde().deserializer();
    this.fold = fold;
  }

  /** Folds one record; records must come in fold order ({@link MergedInputs}). */
  public void accept(InputRecord record) {
    String key;
    Object value;
    try {
      key = keys.deserialize(record.topic(), record.key());
      value = decode(record);
    } catch (SerializationException | ClassCastException e) {
      log.warn("skipping an undecodable record at {}: {}", record.where(), e.getMessage());
      return;
    }
    position = position.advance(record.topic(), record.partition(), record.offset());
    lastTimestamp = Math.max(lastTimestamp, record.timestamp());
    if (record.topic().equals(policyTopic)) {
      lastPolicyOffset = record.offset();
      foldPolicy(key, (PolicyEvent) value);
    }
    change(record, key, value).ifPresent(this::apply);
  }

  private Object decode(InputRecord record) {
    if (record.topic().equals(policyTopic)) {
      return policyValues.deserialize(record.topic(), record.value());
    }
    if (record.topic().equals(clusterTopic)) {
      return clusterValues.deserialize(record.topic(), record.value());
    }
    return bundleValues.deserialize(record.topic(), record.value());
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

  private Optional<MeshChange> change(InputRecord record, String key, Object value) {
    try {
      if (record.topic().equals(bundleTopic)) {
        if (value == null) {
          return trustDomain.equals(key) ? Optional.of(new MeshChange.Remove(TrustRoots.key(trustDomain))) : Optional.empty();
        }
        MeshTrustBundle bundle = (MeshTrustBundle) value;
        return trustDomain.equals(bundle.getTrustDomain()) ? Optional.of(MeshChanges.of(bundle)) : Optional.empty();
      }
      if (value == null) {
        return key == null ? Optional.empty() : Optional.of(new MeshChange.Remove(key));
      }
      if (value instanceof PolicyEvent event) {
        return MeshChanges.of(event);
      }
      return Optional.of(MeshChanges.of((ClusterEvent) value));
    } catch (RuntimeException e) {
      log.warn("skipping an event that cannot be folded at {}: {}", record.where(), e.toString());
      return Optional.empty();
    }
  }

  private void apply(MeshChange change) {
    MeshFold.Step step = fold.apply(change);
    for (Assembly assembly : step.assemblies().values()) {
      if (assembly instanceof Assembly.Built built && tracked.test(built.proxyId())) {
        Built last = proxies.get(built.proxyId());
        if (last != null && last.config().equals(built.config())) {
          continue; // same content, no need to encode and hash it
        }
        String hash = SnapshotWire.hashOf(SnapshotWire.content(built.config()));
        if (last == null || !last.hash().equals(hash)) {
          proxies.put(built.proxyId(), new Built(built.config(), hash, position));
        }
      }
    }
    step.removed().forEach(proxies::remove);
  }

  /** What the fold holds now. */
  public ReplayedMesh result(LogPoint point) {
    TreeMap<String, ReplayedProxy> built = new TreeMap<>();
    proxies.forEach((id, b) -> built.put(id, new ReplayedProxy(id, b.position().version(), b.hash(),
        SnapshotWire.stamp(SnapshotWire.content(b.config()), b.hash(), b.position(), java.util.List.of()))));
    return new ReplayedMesh(point, new TreeMap<>(policies), built, lastPolicyOffset, lastTimestamp, position.version());
  }
}
