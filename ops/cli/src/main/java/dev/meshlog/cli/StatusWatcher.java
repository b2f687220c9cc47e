package dev.meshlog.cli;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the engine's verdict on published commands. Opened before publishing, so it reads
 * only statuses written after that point (the status topic is compacted and keyed by resource).
 */
final class StatusWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatusWatcher.class);

  private final KafkaConsumer<String, PolicyStatus> consumer;

  StatusWatcher(String bootstrap, KafkaClientSettings client, TopicSpec<String, PolicyStatus> topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-cli-status-" + UUID.randomUUID());
    consumer = new KafkaConsumer<>(client.over(props), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);     // pin "now" before anything is published
  }

  /** Statuses of the given command ids, as many as arrive before the timeout. */
  Map<String, PolicyStatus> await(Set<String> commandIds, Duration timeout) {
    Map<String, PolicyStatus> found = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (found.size() < commandIds.size() && System.nanoTime() < deadline) {
      try {
        for (ConsumerRecord<String, PolicyStatus> record : consumer.poll(Duration.ofMillis(100))) {
          PolicyStatus status = record.value();
          if (status != null && commandIds.contains(status.getCommandId())) {
            found.put(status.getCommandId(), status);
          }
        }
      } catch (RecordDeserializationException e) {
        // A tool, not a job: it names the record and reads on; the engine's own readers dead-letter it.
        log.warn("skipping an undecodable record at {}-{}@{}: {}", e.topicPartition().topic(), e.topicPartition().partition(),
            e.offset(), e.getMessage());
        consumer.seek(e.topicPartition(), e.offset() + 1);
      }
    }
    return found;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
  }
}
