package dev.meshlog.cli.replay;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the mesh at a {@link LogPoint} from the log alone: the policy events, cluster events and CA bundles,
 * merged in the order the engine folds them, through the engine's own fold ({@link MeshReplay}). Never reads the
 * engine's stores or the snapshots topic. The entry point for {@code replay}, {@code diff}, {@code rollback} and
 * benchmarks.
 */
public final class LogReplay {

  private static final Logger log = LoggerFactory.getLogger(LogReplay.class);
  /** Offsets looked back from {@code @N} for the event at or before it (N may be a transaction marker). */
  private static final int LOOK_BACK = 64;
  /** Records decoded in parallel at a time. */
  private static final int BATCH = 4096;

  private final String bootstrap;
  private final KafkaClientSettings client;
  private final Topics topics;
  private final String trustDomain;

  public LogReplay(String bootstrap, Topics topics, String trustDomain) {
    this(bootstrap, KafkaClientSettings.NONE, topics, trustDomain);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public LogReplay(String bootstrap, KafkaClientSettings client, Topics topics, String trustDomain) {
    this.bootstrap = bootstrap;
    this.client = client;
    this.topics = topics;
    this.trustDomain = trustDomain;
  }

  /** The mesh at {@code point}; with {@code proxy}, only that proxy's snapshot is computed. */
  public ReplayedMesh at(LogPoint point, Optional<String> proxy) {
    Cutoff cutoff = cutoff(point);
    try (KafkaRecordFetch fetch = new KafkaRecordFetch(bootstrap, client)) {
      MeshReplay fold = proxy.map(id -> MeshReplay.oneProxy(topics, trustDomain, id, fetch))
          .orElseGet(() -> MeshReplay.allProxies(topics, trustDomain, fetch));
      MergedInputs.Stats stats = read(List.of(topics.policyEvents().name(), topics.clusterEvents().name(), topics.caBundle().name()),
          cutoff, fold);
      ReplayedMesh mesh = fold.result(point);
      log.info("replayed {} records to {} in {} ms", stats.records(), point.describe(), stats.took().toMillis());
      return mesh;
    }
  }

  /** The policy resources at {@code point}: a replay of the policy events alone (no snapshots), e.g. for rollback. */
  public ReplayedMesh policiesAt(LogPoint point) {
    Cutoff cutoff = cutoff(point);
    MeshReplay fold = MeshReplay.policiesOnly(topics, trustDomain);
    read(List.of(topics.policyEvents().name()), cutoff, fold);
    return fold.result(point);
  }

  /** Reads {@code inputs} to {@code cutoff} into {@code fold}, in batches it decodes in parallel. */
  private MergedInputs.Stats read(List<String> inputs, Cutoff cutoff, MeshReplay fold) {
    List<InputRecord> batch = new ArrayList<>(BATCH);
    MergedInputs.Stats stats = new MergedInputs(bootstrap, client).read(inputs, cutoff, record -> {
      batch.add(record);
      if (batch.size() == BATCH) {
        fold.acceptAll(batch);
        batch.clear();
      }
    });
    fold.acceptAll(batch);
    return stats;
  }

  /** Where each input partition stops for {@code point}. */
  Cutoff cutoff(LogPoint point) {
    if (point instanceof LogPoint.AtTime at) {
      return Cutoff.at(at.time());
    }
    long offset = ((LogPoint.AtPolicyOffset) point).offset();
    TopicPartition events = new TopicPartition(topics.policyEvents().name(), 0);
    return new Cutoff(Instant.ofEpochMilli(timestampAtOrBefore(events, offset)), Map.of(events, offset));
  }

  /** The timestamp of the last committed record at or before {@code offset}; a clear error when there is none. */
  private long timestampAtOrBefore(TopicPartition tp, long offset) {
    Map<String, Object> config = client.over(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-replay-point-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
      if (offset >= end) {
        throw new IllegalArgumentException("@" + offset + ": past the end of the policy events (next offset " + end + ")");
      }
      long start = Math.max(0, offset - LOOK_BACK);
      consumer.seek(tp, start);
      long found = -1;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(tp) <= offset && consumer.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() <= offset) {
            found = r.timestamp();
          }
        }
      }
      if (found < 0) {
        throw new IllegalArgumentException("@" + offset + ": no policy event at or shortly before that offset");
      }
      return found;
    }
  }
}
