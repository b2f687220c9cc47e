package dev.meshlog.ingest.log;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic once, like a query: every partition from the beginning to the end offsets taken when the read starts
 * ({@code read_committed}, so the last stable offsets), as raw records in offset order per partition. No consumer
 * group: nothing is committed and nothing rebalances. What a record means, and what an undecodable one means, is the
 * caller's to decide. The deadline is a stall deadline, not a total one: a log kept forever may take any time to read.
 */
public final class TopicToEnd {

  public static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  private TopicToEnd() {}

  /**
   * @param overrides consumer settings for this cluster (security), applied under the read's own
   * @throws IllegalStateException when the topic does not exist, or the read stalls for {@link #STALL_TIMEOUT}
   */
  public static void read(String bootstrap, String topic, Map<String, Object> overrides, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-ingest-read-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, STALL_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist (is this the mesh's cluster and topic prefix?)");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, STALL_TIMEOUT);
      long deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no progress for " + STALL_TIMEOUT.toSeconds() + " s reading " + topic);
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            sink.accept(record);
          }
        }
      }
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
