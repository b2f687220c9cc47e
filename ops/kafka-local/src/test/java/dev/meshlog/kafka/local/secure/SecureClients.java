package dev.meshlog.kafka.local.secure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producers and consumers logged in as one SCRAM user of the secure test broker. Values are raw
 * bytes: the broker authorizes topics, not contents, so Avro would add nothing to these checks.
 */
final class SecureClients {

  private final SecureEmbeddedKafka broker;

  SecureClients(SecureEmbeddedKafka broker) {
    this.broker = broker;
  }

  KafkaProducer<String, byte[]> producer(ScramUser user) {
    return producer(user, Map.of());
  }

  KafkaProducer<String, byte[]> producer(ScramUser user, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(broker.clientProperties(user));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    config.putAll(extra);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** A consumer that {@code assign()}s, like the proxy and the CLI: no group, so no group ACL. */
  KafkaConsumer<String, byte[]> consumer(ScramUser user) {
    Map<String, Object> config = new HashMap<>(broker.clientProperties(user));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  static RecordMetadata send(KafkaProducer<String, byte[]> producer, String topic, String key) throws Exception {
    return producer.send(new ProducerRecord<>(topic, key, key.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
  }

  /** Reads partition 0 of each topic from the beginning until {@code count} records arrived (or 60 s passed). */
  static List<ConsumerRecord<String, byte[]>> readFromStart(KafkaConsumer<String, byte[]> consumer, int count, String... topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      partitions.add(new TopicPartition(topic, 0));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (records.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  /** Polls partition 0 of {@code topic} until the broker refuses (returned), or fails the test after 60 s. */
  static AuthorizationException refusedRead(KafkaConsumer<String, byte[]> consumer, String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        consumer.seekToBeginning(List.of(partition));
        if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
          throw new AssertionError("read records from " + topic + " that should be refused");
        }
      } catch (AuthorizationException e) {
        return e;
      }
    }
    throw new AssertionError("reading " + topic + " was neither refused nor answered within 60 s");
  }
}
