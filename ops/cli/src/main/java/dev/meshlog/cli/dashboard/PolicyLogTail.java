package dev.meshlog.cli.dashboard;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.read.LocatedRecord;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest events of the policy event log, read from the end backwards: the log is kept forever,
 * so a page refreshing every few seconds must not scan it from the beginning. Each partition is
 * read from {@code end - window}; the window doubles until it holds {@code count} events or reaches
 * the log start (transaction markers take offsets too, so a window of n offsets holds fewer than n
 * events). The global newest n are among each partition's newest n, so merging by sequence is exact.
 */
final class PolicyLogTail {

  private static final Logger log = LoggerFactory.getLogger(PolicyLogTail.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private PolicyLogTail() {}

  static List<LocatedRecord<String, PolicyEvent>> newest(String bootstrap, TopicSpec<String, PolicyEvent> topic, int count) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-dashboard-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // The range read is known; when it ends in a transaction marker, the default 500 ms fetch wait
        // would be spent waiting for data past it before the position moves over the marker.
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      List<LocatedRecord<String, PolicyEvent>> found = new ArrayList<>();
      for (TopicPartition p : partitions) {
        long window = Math.max(count, 1);
        while (true) {
          long from = Math.max(begin.get(p), end.get(p) - window);
          List<LocatedRecord<String, PolicyEvent>> part = read(consumer, topic, p, from, end.get(p));
          if (part.size() >= count || from == begin.get(p)) {
            found.addAll(part);
            break;
          }
          window *= 2;
        }
      }
      return found;
    }
  }

  private static List<LocatedRecord<String, PolicyEvent>> read(KafkaConsumer<byte[], byte[]> consumer,
      TopicSpec<String, PolicyEvent> topic, TopicPartition p, long from, long end) {
    consumer.assign(List.of(p));
    consumer.seek(p, from);
    List<LocatedRecord<String, PolicyEvent>> out = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (consumer.position(p) < end) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + TIMEOUT.toSeconds() + " s reading " + p);
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() >= end) {
          continue;
        }
        try {
          String key = topic.keySerde().deserializer().deserialize(r.topic(), r.key());
          PolicyEvent event = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
          out.add(new LocatedRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), key, event));
        } catch (SerializationException e) {
          log.warn("skipping an undecodable policy event at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
      }
    }
    return out;
  }
}
