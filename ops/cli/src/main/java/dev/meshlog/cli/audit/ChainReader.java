package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads every partition of the policy events topic from the beginning to the end offsets taken
 * when the read starts ({@code read_committed}), keeping each record's partition and offset. Unlike
 * {@code TopicScan} it keeps undecodable records: to an auditor they are findings, not noise.
 */
public final class ChainReader {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ChainReader() {}

  public static List<ChainRecord> readAll(String bootstrap, TopicSpec<String, PolicyEvent> topic) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-audit-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ChainRecord> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist (is this the mesh's cluster and topic prefix?)");
      }
      List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      Deserializer<PolicyEvent> values = topic.valueSerde().deserializer();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out after " + TIMEOUT.toSeconds() + " s reading " + topic.name());
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            records.add(decode(values, record));
          }
        }
      }
    }
    return records;
  }

  private static ChainRecord decode(Deserializer<PolicyEvent> values, ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return ChainRecord.undecodable(record.partition(), record.offset(), "a tombstone (null value)");
    }
    try {
      return ChainRecord.of(record.partition(), record.offset(), values.deserialize(record.topic(), record.value()));
    } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
      return ChainRecord.undecodable(record.partition(), record.offset(), e.getMessage());
    }
  }
}
