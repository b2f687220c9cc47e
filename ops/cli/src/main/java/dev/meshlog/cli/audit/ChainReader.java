package dev.meshlog.cli.audit;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.schemas.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the auditor checks: every record of the policy events topic, of the checkpoints topic
 * and of the trust bundle topic, keeping each record's partition and offset. Unlike
 * {@code TopicScan} it keeps undecodable records: to an auditor they are findings, not noise.
 */
public final class ChainReader {

  private static final Logger log = LoggerFactory.getLogger(ChainReader.class);

  private ChainReader() {}

  public static List<ChainRecord> readAll(String bootstrap, TopicSpec<String, PolicyEvent> topic) {
    return readAll(bootstrap, KafkaClientSettings.NONE, topic);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static List<ChainRecord> readAll(String bootstrap, KafkaClientSettings client, TopicSpec<String, PolicyEvent> topic) {
    Deserializer<PolicyEvent> values = topic.valueSerde().deserializer();
    return read(bootstrap, client, topic.name(), true, record -> {
      if (record.value() == null) {
        return ChainRecord.undecodable(record.partition(), record.offset(), "a tombstone (null value)");
      }
      try {
        return ChainRecord.of(record.partition(), record.offset(), values.deserialize(record.topic(), record.value()));
      } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
        return ChainRecord.undecodable(record.partition(), record.offset(), e.getMessage());
      }
    });
  }

  /** The checkpoints, each with where it sits; none when the topic does not exist. */
  public static List<CheckpointRecord> readCheckpoints(String bootstrap, TopicSpec<String, PolicyCheckpoint> topic) {
    return readCheckpoints(bootstrap, KafkaClientSettings.NONE, topic);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static List<CheckpointRecord> readCheckpoints(String bootstrap, KafkaClientSettings client, TopicSpec<String, PolicyCheckpoint> topic) {
    Deserializer<PolicyCheckpoint> values = topic.valueSerde().deserializer();
    return read(bootstrap, client, topic.name(), false, record -> {
      if (record.value() == null) {
        return CheckpointRecord.undecodable(record.partition(), record.offset(), "a tombstone (null value)");
      }
      try {
        return CheckpointRecord.of(record.partition(), record.offset(), values.deserialize(record.topic(), record.value()));
      } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
        return CheckpointRecord.undecodable(record.partition(), record.offset(), e.getMessage());
      }
    });
  }

  /** Every trust bundle version still on the topic (undecodable ones are dropped: they trust nothing). */
  public static List<MeshTrustBundle> readBundles(String bootstrap, TopicSpec<String, MeshTrustBundle> topic) {
    return readBundles(bootstrap, KafkaClientSettings.NONE, topic);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static List<MeshTrustBundle> readBundles(String bootstrap, KafkaClientSettings client, TopicSpec<String, MeshTrustBundle> topic) {
    Deserializer<MeshTrustBundle> values = topic.valueSerde().deserializer();
    return read(bootstrap, client, topic.name(), false, (ConsumerRecord<byte[], byte[]> record) -> {
      if (record.value() == null) {
        return null;
      }
      try {
        return values.deserialize(record.topic(), record.value());
      } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
        log.warn("skipping an undecodable trust bundle at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        return null;
      }
    }).stream().filter(Objects::nonNull).toList();
  }

  /** Every record to the end offsets taken at the start, decoded by {@code decode}, in offset order per partition. */
  private static <T> List<T> read(String bootstrap, KafkaClientSettings client, String topic, boolean required, Function<ConsumerRecord<byte[], byte[]>, T> decode) {
    List<T> records = new ArrayList<>();
    TopicScan.readRaw(bootstrap, client, topic, required, record -> records.add(decode.apply(record)));
    return records;
  }
}
