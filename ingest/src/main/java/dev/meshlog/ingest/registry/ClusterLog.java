package dev.meshlog.ingest.registry;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.ingest.registry.wire.ClusterWire;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest state per key of mesh.cluster.events, read once from the beginning to the end offsets
 * taken when the read starts: what the mesh currently believes, and who owns each key. A REMOVED event
 * or a tombstone drops the key. Undecodable records are skipped with a warning naming their position.
 */
public final class ClusterLog {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterLog.class);
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

  private ClusterLog() {}

  public static Map<String, Logged> read(String bootstrap, TopicSpec<String, ClusterEvent> topic, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-ingest-read-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    Map<String, Logged> latest = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), STALL_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist (is this the mesh's cluster and topic prefix?)");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, STALL_TIMEOUT);
      long deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no progress for " + STALL_TIMEOUT.toSeconds() + " s reading " + topic.name());
        }
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            fold(latest, topic, record);
          }
        }
      }
    }
    LOG.info("read {} live cluster records from {}", latest.size(), topic.name());
    return latest;
  }

  /** Folds one event into {@code latest}: the rule both the start-up read and the publisher's bookkeeping use. */
  public static void fold(Map<String, Logged> latest, String key, ClusterEvent event) {
    if (key == null) {
      return;
    }
    if (event == null || event.getChange() == ClusterChange.REMOVED) {
      latest.remove(key);
    } else {
      latest.put(key, new Logged(ClusterWire.resource(event), event.getEnvelope().getSource()));
    }
  }

  private static void fold(Map<String, Logged> latest, TopicSpec<String, ClusterEvent> topic, ConsumerRecord<byte[], byte[]> record) {
    try {
      String key = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
      ClusterEvent event = record.value() == null ? null : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
      fold(latest, key, event);
    } catch (SerializationException | ClassCastException e) {
      LOG.warn("skipping an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
