package dev.meshlog.proxy.snapshot;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.proxy.feed.OwnKeyFeed;
import dev.meshlog.proxy.snapshot.wire.SnapshotWire;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows this proxy's snapshots on its own thread: no consumer group, just the one partition the
 * proxy id hashes to (Kafka's default partitioner), from the beginning, read_committed. Records for
 * other proxies are skipped; ours are decoded, applied and answered with an ACK or a NACK.
 */
public final class SnapshotConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SnapshotConsumer.class);

  private final TopicSpec<String, ProxySnapshot> topic;
  private final String proxyId;
  private final SnapshotApplier applier;
  private final AckPublisher acks;
  private final SnapshotHistory history;
  private final OwnKeyFeed feed;
  private final DeadLetterPublisher deadLetters;

  /**
   * @param history records what was applied and NACKed, for the admin endpoint
   * @param deadLetters where an undecodable snapshot of ours goes (it counts into {@code history.deadLetters()})
   */
  public SnapshotConsumer(String bootstrap, KafkaClientSettings client, TopicSpec<String, ProxySnapshot> topic, String proxyId,
      SnapshotApplier applier, AckPublisher acks, SnapshotHistory history, DeadLetterPublisher deadLetters) {
    this.history = history;
    this.deadLetters = deadLetters;
    this.topic = topic;
    this.proxyId = proxyId;
    this.applier = applier;
    this.acks = acks;
    // Only the newest snapshot up to the end counts after a restart: applying and ACKing each stale
    // version would report versions the proxy never really runs.
    this.feed = new OwnKeyFeed(bootstrap, client, topic.name(), proxyId, "snapshots", OwnKeyFeed.Start.NEWEST_THEN_EACH, this::handle);
  }

  public void start() {
    feed.start();
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      log.info("[proxy={}] snapshot tombstone at {}-{}@{}; keeping the last applied config",
          proxyId, record.topic(), record.partition(), record.offset());
      return;
    }
    ProxySnapshot wire;
    try {
      wire = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      // No version can be read from bytes that do not decode, so there is nothing to NACK: the engine's status job
      // keys answers by version. The last good config stays live; the record is kept, counted and skipped.
      deadLetters.publish(record, record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), e);
      return;
    }
    SnapshotOutcome outcome;
    try {
      outcome = applier.apply(SnapshotWire.toDomain(wire));
    } catch (IllegalArgumentException e) {
      outcome = new SnapshotOutcome.Rejected(wire.getVersion(), wire.getHash(), "unusable snapshot: " + e.getMessage());
    }
    if (outcome instanceof SnapshotOutcome.Applied applied) {
      log.info("[proxy={}] applied snapshot version {} hash {}", proxyId, applied.version(), applied.hash());
      history.applied(wire);
      acks.ack(applied.version(), applied.hash());
    } else if (outcome instanceof SnapshotOutcome.Rejected rejected) {
      log.warn("[proxy={}] rejected snapshot version {}: {}", proxyId, rejected.version(), rejected.detail());
      history.rejected(rejected.version(), rejected.hash(), rejected.detail());
      acks.nack(rejected.version(), rejected.hash(), rejected.detail());
    } else if (outcome instanceof SnapshotOutcome.Ignored ignored) {
      log.debug("[proxy={}] ignored snapshot: {}", proxyId, ignored.reason());
    }
  }

  /** Stops following and waits for the thread to end. */
  @Override
  public void close() {
    feed.close();
  }
}
