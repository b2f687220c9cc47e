package dev.meshlog.cli.faults.controlplane;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.time.Duration;
import java.util.List;

/**
 * Where a one-partition topic ends for each kind of reader: the high watermark (read_uncommitted) and the last stable
 * offset (read_committed). They differ while a transaction writing to the topic is open; after it was aborted, its
 * records stay in the log where only a read_uncommitted reader sees them.
 */
record LogEnds(String topic, long highWatermark, long lastStable) {

  static LogEnds of(String bootstrap, String topic) throws Exception {
    TopicPartition partition = new TopicPartition(topic, 0);
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long hwm = admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
          .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
      long lso = admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
      return new LogEnds(topic, hwm, lso);
    }
  }

  boolean transactionOpen() {
    return highWatermark > lastStable;
  }

  /** Data records (not transaction markers) a read_uncommitted reader sees: committed, aborted and still open ones. */
  static int uncommittedReaderCount(String bootstrap, String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      int count = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end) {
            count++;
          }
        }
      }
      if (consumer.position(partition) < end) {
        throw new IllegalStateException("did not read " + topic + " to its end " + end + " within 60 s");
      }
      return count;
    }
  }
}
