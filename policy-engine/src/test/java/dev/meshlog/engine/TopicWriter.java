package dev.meshlog.engine;

import dev.meshlog.schemas.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes test input the way any outside writer would: a plain producer with the topic's serdes. */
final class TopicWriter {

  private TopicWriter() {}

  /** Sends {@code values} in order, each keyed by {@code key}, and waits for every acknowledgement. */
  static <V> void send(String bootstrap, TopicSpec<String, V> topic, List<V> values, Function<V, String> key)
      throws ExecutionException, InterruptedException {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (V value : values) {
        producer.send(new ProducerRecord<>(topic.name(), key.apply(value), value)).get();
      }
    }
  }
}
