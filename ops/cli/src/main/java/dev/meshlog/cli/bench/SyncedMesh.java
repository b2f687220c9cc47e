package dev.meshlog.cli.bench;

import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits until the engine's own status job reports every simulated proxy SYNCED: the seed burst is
 * then fully folded, pushed, answered and accounted for, so the changes that follow are measured
 * on a settled mesh rather than behind the engine's backlog of the burst.
 */
final class SyncedMesh {

  private SyncedMesh() {}

  /** The time it took, or -1 if {@code timeout} passed first. */
  static long await(String bootstrap, Topics topics, Set<String> proxies, Duration timeout) {
    TopicSpec<String, ProxyStatus> status = topics.proxyStatus();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Map<String, ProxySyncState> states = new HashMap<>();
    try (KafkaConsumer<String, ProxyStatus> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-bench-synced-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), status.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(status.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ProxyStatus> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            states.remove(record.key());
          } else {
            states.put(record.key(), record.value().getState());
          }
        }
        if (proxies.stream().allMatch(p -> states.get(p) == ProxySyncState.SYNCED)) {
          return System.nanoTime() - start;
        }
      }
    }
    return -1;
  }
}
