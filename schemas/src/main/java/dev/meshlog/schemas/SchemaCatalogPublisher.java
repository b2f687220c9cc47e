package dev.meshlog.schemas;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the schema catalog ({@link Topics#schemaCatalog()}, compacted): one record per message type of
 * {@link SchemaCatalog#MESSAGES}, key = its single-object fingerprint as 16 lowercase hex digits (the
 * {@code long} of {@link SchemaCatalog#fingerprint}, printed big-endian with {@code %016x}; the wire carries the
 * same 8 bytes little-endian), value = the schema's JSON ({@link Schema#toString()}, self-contained).
 * Idempotent: it reads the topic first and writes only the entries that are missing or differ, so a restart
 * writes nothing and compaction has nothing to clean.
 */
public final class SchemaCatalogPublisher {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private SchemaCatalogPublisher() {}

  /** The catalog key of a schema: its fingerprint, 16 lowercase hex digits, most significant first. */
  public static String key(Schema schema) {
    return String.format(Locale.ROOT, "%016x", SchemaCatalog.fingerprint(schema));
  }

  /** Every entry this build publishes, sorted by key. */
  public static SortedMap<String, String> entries() {
    SortedMap<String, String> entries = new TreeMap<>();
    SchemaCatalog.MESSAGES.forEach(type -> {
      Schema schema = SchemaCatalog.schemaOf(type);
      entries.put(key(schema), schema.toString());
    });
    return entries;
  }

  /**
   * Makes the topic hold every entry of {@link #entries()}; returns how many records it wrote (0 when the
   * catalog was already complete). Fails with a message naming the topic when it does not exist.
   */
  public static int publish(String bootstrap, TopicSpec<String, String> catalog) {
    return publish(bootstrap, KafkaClientSettings.NONE, catalog);
  }

  /** {@link #publish(String, TopicSpec)} with the cluster's connection and security settings. */
  public static int publish(String bootstrap, KafkaClientSettings client, TopicSpec<String, String> catalog) {
    Map<String, String> present = read(bootstrap, client, catalog.name());
    List<Map.Entry<String, String>> missing = entries().entrySet().stream()
        .filter(e -> !e.getValue().equals(present.get(e.getKey())))
        .toList();
    if (missing.isEmpty()) {
      return 0;
    }
    Map<String, Object> config = client.over(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-schema-catalog-" + UUID.randomUUID(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis()));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = missing.stream()
          .map(e -> producer.send(new ProducerRecord<>(catalog.name(), e.getKey(), e.getValue())))
          .toList();
      for (Future<RecordMetadata> each : sent) {
        each.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      return missing.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the schema catalog to " + catalog.name(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish the schema catalog to " + catalog.name() + " on " + bootstrap + ": " + e, e);
    }
  }

  /** The catalog as it is on the topic: the newest value per key (a tombstone removes the key). */
  public static Map<String, String> read(String bootstrap, String topic) {
    return read(bootstrap, KafkaClientSettings.NONE, topic);
  }

  /** {@link #read(String, String)} with the cluster's connection and security settings. */
  public static Map<String, String> read(String bootstrap, KafkaClientSettings client, String topic) {
    Map<String, Object> config = client.over(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-schema-catalog-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    Map<String, String> latest = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("the schema catalog topic " + topic + " does not exist (create it with TopicAdmin.ensureTopics)");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out after " + TIMEOUT.toSeconds() + " s reading the schema catalog " + topic);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            latest.remove(record.key());
          } else {
            latest.put(record.key(), record.value());
          }
        }
      }
    }
    return latest;
  }
}
