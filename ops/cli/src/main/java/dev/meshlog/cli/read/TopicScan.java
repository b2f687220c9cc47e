package dev.meshlog.cli.read;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic once, like a query: from the beginning to the end offsets captured when the scan
 * starts (the last stable offsets, as {@code read_committed} is used), then stops. No consumer
 * group: nothing is committed and nothing rebalances. Records that cannot be decoded are skipped
 * with a warning, so one bad record does not hide the rest.
 */
public final class TopicScan {

  private static final Logger log = LoggerFactory.getLogger(TopicScan.class);
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

  private TopicScan() {}

  /** Every record of every partition, in offset order per partition; a null value is a tombstone. */
  public static <K, V> void readAll(String bootstrap, TopicSpec<K, V> topic, BiConsumer<K, V> sink) {
    readAll(bootstrap, KafkaClientSettings.NONE, topic, sink);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static <K, V> void readAll(String bootstrap, KafkaClientSettings client, TopicSpec<K, V> topic, BiConsumer<K, V> sink) {
    read(bootstrap, client, topic, TopicScan::allOf, rawKey -> true, sink);
  }

  /**
   * Every record of every partition with where it sits in the log (topic, partition, offset), for
   * readers that must name the position of what they found (provenance, propagation).
   */
  public static <K, V> void readLocated(String bootstrap, TopicSpec<K, V> topic, Consumer<LocatedRecord<K, V>> sink) {
    readLocated(bootstrap, KafkaClientSettings.NONE, topic, sink);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static <K, V> void readLocated(String bootstrap, KafkaClientSettings client, TopicSpec<K, V> topic, Consumer<LocatedRecord<K, V>> sink) {
    read(bootstrap, client, topic, TopicScan::allOf, rawKey -> true, (record, key, value) ->
        sink.accept(new LocatedRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(), key, value)));
  }

  /** Every record of the one partition Kafka's default partitioner sends {@code key} to. */
  public static <V> void readPartitionOf(String bootstrap, TopicSpec<String, V> topic, String key, BiConsumer<String, V> sink) {
    readPartitionOf(bootstrap, KafkaClientSettings.NONE, topic, key, sink);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static <V> void readPartitionOf(String bootstrap, KafkaClientSettings client, TopicSpec<String, V> topic, String key, BiConsumer<String, V> sink) {
    read(bootstrap, client, topic, partitions -> List.of(partitionFor(key, partitions)), rawKey -> true, sink);
  }

  /**
   * Only the records with key {@code key}, in offset order. The key is compared as bytes before
   * anything is decoded, so one resource's history out of a million events costs a scan of its
   * partition, not a million value decodes.
   */
  public static <V> void readKey(String bootstrap, TopicSpec<String, V> topic, String key, BiConsumer<String, V> sink) {
    readKey(bootstrap, KafkaClientSettings.NONE, topic, key, sink);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static <V> void readKey(String bootstrap, KafkaClientSettings client, TopicSpec<String, V> topic, String key, BiConsumer<String, V> sink) {
    byte[] wanted = topic.keySerde().serializer().serialize(topic.name(), key);
    read(bootstrap, client, topic, partitions -> List.of(partitionFor(key, partitions)), rawKey -> Arrays.equals(wanted, rawKey), sink);
  }

  /** The partition the producers' default partitioner (and so Streams) writes {@code key} to. */
  static int partitionFor(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static List<Integer> allOf(int partitions) {
    return IntStream.range(0, partitions).boxed().toList();
  }

  /** What a scan hands each decoded record to: the record's position, its key and value. */
  private interface RecordSink<K, V> {
    void accept(ConsumerRecord<byte[], byte[]> record, K key, V value);
  }

  private static <K, V> void read(String bootstrap, KafkaClientSettings client, TopicSpec<K, V> topic, IntFunction<List<Integer>> choose,
      Predicate<byte[]> keyFilter, BiConsumer<K, V> sink) {
    read(bootstrap, client, topic, choose, keyFilter, (RecordSink<K, V>) (record, key, value) -> sink.accept(key, value));
  }

  /**
   * Every record of every partition as raw bytes, for readers that judge odd records themselves (the auditor). An
   * absent topic fails when {@code required}, and reads as empty otherwise (a mesh from before the topic existed).
   */
  public static void readRaw(String bootstrap, String topic, boolean required, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    readRaw(bootstrap, KafkaClientSettings.NONE, topic, required, sink);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static void readRaw(String bootstrap, KafkaClientSettings client, String topic, boolean required, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    scan(bootstrap, client, topic, required, TopicScan::allOf, rawKey -> true, sink);
  }

  private static <K, V> void read(String bootstrap, KafkaClientSettings client, TopicSpec<K, V> topic, IntFunction<List<Integer>> choose,
      Predicate<byte[]> keyFilter, RecordSink<K, V> sink) {
    Deserializer<K> keys = topic.keySerde().deserializer();
    Deserializer<V> values = topic.valueSerde().deserializer();
    scan(bootstrap, client, topic.name(), true, choose, keyFilter, record -> deliver(keys, values, record, sink));
  }

  private static void scan(String bootstrap, KafkaClientSettings client, String topic, boolean required, IntFunction<List<Integer>> choose,
      Predicate<byte[]> keyFilter, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    // Large fetches: a scan of a log kept forever is throughput-bound (the defaults fetch 1 MiB per
    // partition and hand out 500 records per poll).
    Map<String, Object> config = client.over(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-read-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
        ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1024 * 1024));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, STALL_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        if (required) {
          throw new IllegalStateException("topic " + topic + " does not exist (is this the mesh's cluster and topic prefix?)");
        }
        return;
      }
      List<TopicPartition> partitions = choose.apply(infos.size()).stream().map(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, STALL_TIMEOUT);
      // A stall, not a total, deadline: a log kept forever may take longer than any fixed time to read.
      long deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no progress for " + STALL_TIMEOUT.toSeconds() + " s reading " + topic);
        }
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition())) && keyFilter.test(record.key())) {
            sink.accept(record);
          }
        }
      }
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static <K, V> void deliver(Deserializer<K> keys, Deserializer<V> values, ConsumerRecord<byte[], byte[]> record,
      RecordSink<K, V> sink) {
    K key;
    V value;
    try {
      key = keys.deserialize(record.topic(), record.key());
      value = values.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      log.warn("skipping an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    sink.accept(record, key, value);
  }
}
