package dev.meshlog.cli.replay;

import dev.meshlog.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads input topics from the beginning to a {@link Cutoff} and hands their records over in fold order
 * ({@link InputMerge}). Built for a million-record log: large fetches, records kept as bytes until folded, at most
 * {@link #BUFFERED} records buffered per partition (a partition ahead of the others is paused), each partition
 * dropped at its end offset (the last stable offset: {@code read_committed}, as the engine reads) or at its first
 * record past the cutoff. No consumer group: nothing is committed. Reusable by benchmarks.
 */
public final class MergedInputs {

  /** Records held per partition before it is paused until the merge catches up. */
  static final int BUFFERED = 50_000;
  /** With no new record for this long the read fails rather than hang. */
  private static final Duration STALL = Duration.ofSeconds(60);

  private final String bootstrap;
  private final KafkaClientSettings client;

  public MergedInputs(String bootstrap) {
    this(bootstrap, KafkaClientSettings.NONE);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public MergedInputs(String bootstrap, KafkaClientSettings client) {
    this.bootstrap = bootstrap;
    this.client = client;
  }

  /** What a read did: records folded, and how long it took. */
  public record Stats(long records, Duration took) {}

  /** Every record of {@code topics} up to {@code cutoff}, in fold order, to {@code sink}. */
  public Stats read(List<String> topics, Cutoff cutoff, Consumer<InputRecord> sink) {
    long start = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, STALL);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist (is this the mesh's cluster and topic prefix?)");
        }
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, STALL));
      InputMerge merge = new InputMerge(partitions, cutoff);
      long[] folded = {0};
      Consumer<InputRecord> counting = record -> {
        folded[0]++;
        sink.accept(record);
      };
      long lastProgress = System.nanoTime();
      while (true) {
        for (TopicPartition tp : partitions) {
          if (!merge.closed(tp) && consumer.position(tp) >= end.get(tp)) {
            merge.fetchedAll(tp);
          }
        }
        if (merge.drain(counting) > 0) {
          lastProgress = System.nanoTime();
        }
        if (merge.finished()) {
          break;
        }
        List<TopicPartition> fetch = partitions.stream().filter(tp -> merge.wants(tp, BUFFERED)).toList();
        consumer.pause(partitions.stream().filter(tp -> !fetch.contains(tp)).toList());
        consumer.resume(fetch);
        int got = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(tp)) {
            merge.offer(tp, new InputRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value()));
            got++;
          }
        }
        if (got > 0) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
          throw new IllegalStateException("no progress for " + STALL.toSeconds() + " s reading " + topics);
        }
      }
      return new Stats(folded[0], Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private Map<String, Object> config() {
    return client.over(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-replay-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 50 * 1024 * 1024,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
        ConsumerConfig.RECEIVE_BUFFER_CONFIG, 4 * 1024 * 1024));
  }
}
