package dev.meshlog.engine;

import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a one-partition topic from the start as every reader of Streams output must: read_committed. */
final class TopicReader<K, V> implements AutoCloseable {

  private final KafkaConsumer<K, V> consumer;
  private final List<ConsumerRecord<K, V>> seen = new ArrayList<>();

  TopicReader(String bootstrap, TopicSpec<K, V> topic) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    TopicPartition partition = new TopicPartition(topic.name(), 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
  }

  /** Everything read so far, after one more poll. */
  List<ConsumerRecord<K, V>> poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
