package dev.meshlog.cli.bench;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notes when each accepted policy event becomes visible ({@code read_committed}) on the policy
 * events topic: the sequencer's share of a change's latency, before the snapshot builder's.
 * Only keys are read; the values are not decoded.
 */
final class SequencedPolicies implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SequencedPolicies.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Long> lastSeenMs = new ConcurrentHashMap<>();
  private final Thread loop;
  private volatile boolean running = true;

  SequencedPolicies(String bootstrap, Topics topics) {
    TopicSpec<String, PolicyEvent> events = topics.policyEvents();
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-bench-sequenced-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(events.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    loop = new Thread(this::run, "bench-sequenced-policies");
    loop.setDaemon(true);
    loop.start();
  }

  /** When an event for {@code subject} last became visible, if that was at or after {@code sinceMs}. */
  OptionalLong visibleSince(String subject, long sinceMs) {
    Long seen = lastSeenMs.get(subject);
    return seen != null && seen >= sinceMs ? OptionalLong.of(seen) : OptionalLong.empty();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.key() != null) {
            lastSeenMs.put(record.key(), System.currentTimeMillis());
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      log.warn("no longer following the policy events: {}", e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
