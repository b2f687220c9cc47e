package dev.meshlog.cli.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of a topic from the beginning to the end offsets taken when the read
 * starts ({@code read_committed}), as raw records: the auditor decides what an odd record means.
 */
final class WholeTopic {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private WholeTopic() {}

  /** Every record, decoded by {@code decode}; fails when the topic does not exist. */
  static <T> List<T> read(String bootstrap, String topic, Function<ConsumerRecord<byte[], byte[]>, T> decode) {
    return read(bootstrap, topic, decode, true);
  }

  /** Every record, decoded by {@code decode}; an absent topic reads as empty (a mesh from before it existed). */
  static <T> List<T> readIfPresent(String bootstrap, String topic, Function<ConsumerRecord<byte[], byte[]>, T> decode) {
    return read(bootstrap, topic, decode, false);
  }

  private static <T> List<T> read(String bootstrap, String topic, Function<ConsumerRecord<byte[], byte[]>, T> decode,
      boolean required) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-audit-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<T> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.listTopics(TIMEOUT).get(topic);
      if (infos == null || infos.isEmpty()) {
        if (required) {
          throw new IllegalStateException("topic " + topic + " does not exist (is this the mesh's cluster and topic prefix?)");
        }
        return records;
      }
      List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out after " + TIMEOUT.toSeconds() + " s reading " + topic);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            records.add(decode.apply(record));
          }
        }
      }
    }
    return records;
  }
}
