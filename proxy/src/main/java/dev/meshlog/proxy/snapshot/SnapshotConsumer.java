package dev.meshlog.proxy.snapshot;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.proxy.feed.OwnPartition;
import dev.meshlog.proxy.snapshot.wire.SnapshotWire;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows this proxy's snapshots on its own thread: no consumer group, just the one partition the
 * proxy id hashes to (Kafka's default partitioner), from the beginning, read_committed. Records for
 * other proxies are skipped; ours are decoded, applied and answered with an ACK or a NACK.
 */
public final class SnapshotConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SnapshotConsumer.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final TopicSpec<String, ProxySnapshot> topic;
  private final String proxyId;
  private final SnapshotApplier applier;
  private final AckPublisher acks;
  private final SnapshotHistory history;
  private final Thread thread;
  private volatile boolean running = true;

  public SnapshotConsumer(String bootstrap, TopicSpec<String, ProxySnapshot> topic, String proxyId,
      SnapshotApplier applier, AckPublisher acks) {
    this(bootstrap, topic, proxyId, applier, acks, new SnapshotHistory());
  }

  /** @param history records what was applied and NACKed, for the admin endpoint */
  public SnapshotConsumer(String bootstrap, TopicSpec<String, ProxySnapshot> topic, String proxyId,
      SnapshotApplier applier, AckPublisher acks, SnapshotHistory history) {
    this.history = history;
    this.topic = topic;
    this.proxyId = proxyId;
    this.applier = applier;
    this.acks = acks;
    // Values stay bytes until the key is known to be ours: an undecodable record for another proxy
    // is none of our business, one for us gets a NACK.
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-snapshots-" + proxyId,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // Every proxy's snapshots share the topic: bound what one fetch may hold in the sidecar's
        // small heap (the default is 50 MB) while still taking the largest snapshot a broker accepts.
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "meshlog-snapshots-" + proxyId);
    this.thread.setDaemon(true);
  }

  public synchronized void start() {
    thread.start();
  }


  private void run() {
    try {
      TopicPartition partition = OwnPartition.await(consumer, topic.name(), proxyId, () -> running);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      log.info("[proxy={}] following snapshots on {}", proxyId, partition);
      catchUp(partition);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (proxyId.equals(record.key())) {
            handleSafely(record);
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("[proxy={}] snapshot consumer woken unexpectedly", proxyId, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("[proxy={}] snapshot consumer stopped; the last applied config stays", proxyId, e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /**
   * The partition holds this proxy's history (until compaction) and every other proxy's. Only the
   * newest of ours up to the current end matters: applying and ACKing each stale version after a
   * restart would report versions the proxy never really runs.
   */
  private void catchUp(TopicPartition partition) {
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    ConsumerRecord<String, byte[]> newest = null;
    while (running && consumer.position(partition) < end) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        if (proxyId.equals(record.key())) {
          newest = record;
        }
      }
    }
    if (newest != null) {
      handleSafely(newest);
    }
  }


  /** One bad record must not stop the proxy from following later snapshots. */
  private void handleSafely(ConsumerRecord<String, byte[]> record) {
    try {
      handle(record);
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      log.error("[proxy={}] failed to handle snapshot at {}-{}@{}", proxyId, record.topic(), record.partition(),
          record.offset(), e);
    }
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
      log.warn("[proxy={}] undecodable snapshot at {}-{}@{}: {}", proxyId, record.topic(), record.partition(),
          record.offset(), e.getMessage());
      String detail = "undecodable snapshot at " + record.topic() + "-" + record.partition() + "@" + record.offset()
          + ": " + e.getMessage();
      history.rejected(-1, "", detail);
      acks.nack(-1, "", detail);
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
  public synchronized void close() {
    running = false;
    if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
