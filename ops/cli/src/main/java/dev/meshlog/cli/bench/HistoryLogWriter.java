package dev.meshlog.cli.bench;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a {@link GeneratedHistory} straight to the policy event, policy history and cluster event topics. Policy commands
 * become events through the sequencer's own {@link PolicyChain#append}, with the sequence and per-resource
 * generation it would give them, so the log is one valid hash chain ({@code audit verify} accepts it)
 * without a sequencer having to accept a million commands first. Each record's timestamp is its
 * event's time, as the engine's records carry their input's.
 */
final class HistoryLogWriter implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final Topics topics;
  private final Map<String, Long> generations = new HashMap<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private long sequence;
  private String head;
  private long policyEvents;
  private long clusterEvents;

  HistoryLogWriter(String bootstrap, Topics topics) {
    this.topics = topics;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-bench-history-" + UUID.randomUUID(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
        // One batch in flight per partition: on a starved machine a request can time out after the broker appended it,
        // and an idempotent retry is recognised as a duplicate only while it is among the partition's last batches.
        // With five in flight, a retried first batch once met 300 newer records and was refused as out of order.
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  void write(GeneratedHistory.Entry entry) {
    if (entry instanceof GeneratedHistory.Policy policy) {
      PolicyCommand command = policy.command();
      String subject = command.getEnvelope().getSubject();
      long generation = generations.merge(subject, 1L, Long::sum);
      PolicyEvent event = PolicyChain.append(command, subject, ++sequence, generation, head);
      head = event.getEnvelope().getHash();
      send(topics.policyEvents(), subject, event, policy.time().toEpochMilli());
      send(topics.policyHistory(), subject, event, policy.time().toEpochMilli()); // as the sequencer indexes it
      policyEvents++;
    } else if (entry instanceof GeneratedHistory.Cluster cluster) {
      send(topics.clusterEvents(), cluster.event().getEnvelope().getSubject(), cluster.event(), cluster.time().toEpochMilli());
      clusterEvents++;
    }
  }

  private <V> void send(TopicSpec<String, V> topic, String key, V value, long timestampMs) {
    byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
    byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    producer.send(new ProducerRecord<>(topic.name(), null, timestampMs, keyBytes, valueBytes), (metadata, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e); // a callback runs on the producer's thread: report it from close()
      }
    });
  }

  long policyEvents() {
    return policyEvents;
  }

  long clusterEvents() {
    return clusterEvents;
  }

  @Override
  public void close() {
    producer.flush();
    producer.close(Duration.ofSeconds(30));
    if (failure.get() != null) {
      throw new IllegalStateException("could not write the whole generated history", failure.get());
    }
  }
}
