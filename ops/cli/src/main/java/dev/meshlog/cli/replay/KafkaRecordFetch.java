package dev.meshlog.cli.replay;

import dev.meshlog.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** {@link RecordFetch} from the broker: one consumer, opened on first use, seeking to each record asked for. */
final class KafkaRecordFetch implements RecordFetch, AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrap;
  private final KafkaClientSettings client;
  private KafkaConsumer<byte[], byte[]> consumer;

  KafkaRecordFetch(String bootstrap) {
    this(bootstrap, KafkaClientSettings.NONE);
  }

  KafkaRecordFetch(String bootstrap, KafkaClientSettings client) {
    this.bootstrap = bootstrap;
    this.client = client;
  }

  @Override
  public Optional<InputRecord> at(String topic, int partition, long offset) {
    if (consumer == null) {
      consumer = new KafkaConsumer<>(client.over(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-replay-fetch-" + UUID.randomUUID(),
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, offset);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() == offset) {
          return Optional.of(new InputRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value()));
        }
        return Optional.empty(); // the first record at or after it is another one
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.close();
    }
  }
}
