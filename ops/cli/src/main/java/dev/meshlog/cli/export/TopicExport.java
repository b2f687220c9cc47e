package dev.meshlog.cli.export;

import dev.meshlog.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every committed record of one topic as raw bytes, from the beginning (or the first record
 * at or after a time, per partition) up to the end offsets taken when the export starts, then
 * stops. No consumer group. Records arrive in offset order per partition.
 */
public final class TopicExport {

  /** Give up only when no record arrives for this long, so a large topic can take as long as it needs. */
  private static final Duration STALL = Duration.ofSeconds(30);

  private TopicExport() {}

  public static void read(String bootstrap, String topic, OptionalLong sinceMs, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    read(bootstrap, KafkaClientSettings.NONE, topic, sinceMs, sink);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static void read(String bootstrap, KafkaClientSettings client, String topic, OptionalLong sinceMs,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Map<String, Object> config = client.over(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-export-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, STALL);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist (is this the mesh's cluster and topic prefix?)");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, STALL);
      seekToStart(consumer, partitions, end, sinceMs);
      long deadline = System.nanoTime() + STALL.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no progress for " + STALL.toSeconds() + " s reading " + topic);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          deadline = System.nanoTime() + STALL.toNanos();
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            sink.accept(record);
          }
        }
      }
    }
  }

  private static void seekToStart(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
      Map<TopicPartition, Long> end, OptionalLong sinceMs) {
    if (sinceMs.isEmpty()) {
      consumer.seekToBeginning(partitions);
      return;
    }
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, sinceMs.getAsLong()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, STALL);
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = found.get(p);
      // No record at or after the time: this partition contributes nothing.
      consumer.seek(p, at != null ? Math.min(at.offset(), end.get(p)) : end.get(p));
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
