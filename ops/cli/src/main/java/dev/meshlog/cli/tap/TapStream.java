package dev.meshlog.cli.tap;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the request telemetry topic from its end: every partition assigned (no consumer group,
 * nothing committed, so taps never disturb each other or the pipeline), positions pinned when the
 * stream opens, so exactly the records written after that are seen.
 */
public final class TapStream implements AutoCloseable {

  /** Receives each decoded record; returns false to stop the tap. */
  @FunctionalInterface
  public interface Sink {
    boolean accept(int partition, long offset, RequestTelemetry record);
  }

  private static final Logger log = LoggerFactory.getLogger(TapStream.class);
  private static final Duration METADATA_WAIT = Duration.ofSeconds(15);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicSpec<String, RequestTelemetry> topic;
  private long undecodable;

  private TapStream(KafkaConsumer<byte[], byte[]> consumer, TopicSpec<String, RequestTelemetry> topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /** Opens the stream at the topic's current end; returns once the start positions are fixed. */
  public static TapStream openAtEnd(String bootstrap, TopicSpec<String, RequestTelemetry> topic) {
    return openAtEnd(bootstrap, KafkaClientSettings.NONE, topic);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static TapStream openAtEnd(String bootstrap, KafkaClientSettings client, TopicSpec<String, RequestTelemetry> topic) {
    Map<String, Object> config = client.over(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-tap-" + UUID.randomUUID(),
        // Telemetry is not written in transactions, so this changes nothing today; it keeps a tap
        // from showing aborted records should a transactional writer appear.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), METADATA_WAIT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist (is this the mesh's cluster and topic prefix?)");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // seekToEnd is lazy: resolve it now, or records written before the first poll would be missed.
      partitions.forEach(p -> consumer.position(p, METADATA_WAIT));
      return new TapStream(consumer, topic);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** Feeds records to {@code sink} until it returns false or {@link #wakeup()} is called. */
  public void follow(Sink sink) {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          RequestTelemetry value;
          try {
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
          } catch (SerializationException e) {
            if (undecodable++ == 0) {
              log.warn("skipping an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
            continue;
          }
          if (value != null && !sink.accept(record.partition(), record.offset(), value)) {
            return;
          }
        }
      }
    } catch (WakeupException e) {
      // asked to stop (Ctrl-C): a normal end
    }
  }

  /** Stops {@link #follow}; safe from any thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  /** Records skipped because they did not decode as RequestTelemetry. */
  public long undecodable() {
    return undecodable;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
  }
}
