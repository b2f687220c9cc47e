package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy state in force, folded from the accepted events (mesh.policy.events) up to the end offsets taken when
 * the read starts: the latest event per subject wins and a DELETE removes the subject. This is what the engine's
 * own fold sees, so a diff against it publishes exactly what the log lacks.
 */
public final class PolicyLog {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyLog.class);
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  private PolicyLog() {}

  public static Map<String, LoggedPolicy> read(String bootstrap, Topics topics, Map<String, Object> overrides) {
    TopicSpec<String, PolicyEvent> topic = topics.policyEvents();
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-ingest-istio-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, LoggedPolicy> state = new HashMap<>();
    try (KafkaConsumer<String, PolicyEvent> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(),
        new LenientDeserializer<>(topic.valueSerde().deserializer()))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), STALL_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, STALL_TIMEOUT);
      long deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no progress for " + STALL_TIMEOUT.toSeconds() + " s reading " + topic.name());
        }
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
        }
        for (ConsumerRecord<String, PolicyEvent> record : records) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            fold(state, record.value());
          }
        }
      }
    }
    LOG.info("read {} policy resources in force from {}", state.size(), topic.name());
    return state;
  }

  /** Applies one accepted event to {@code state}; null (undecodable or tombstone) changes nothing. */
  static void fold(Map<String, LoggedPolicy> state, PolicyEvent event) {
    if (event == null || event.getKind() == null || event.getNamespace() == null || event.getName() == null) {
      return;
    }
    String subject = Subjects.of(event.getKind(), event.getNamespace(), event.getName());
    if (event.getOperation() == Operation.DELETE || event.getSpec() == null) {
      state.remove(subject);
    } else {
      state.put(subject, new LoggedPolicy(subject, event.getSpec(),
          event.getEnvelope() == null ? null : event.getEnvelope().getSource()));
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /** Skips a record that cannot be decoded (logged) instead of failing the whole read on it. */
  private record LenientDeserializer<T>(org.apache.kafka.common.serialization.Deserializer<T> inner)
      implements org.apache.kafka.common.serialization.Deserializer<T> {
    @Override
    public T deserialize(String topic, byte[] data) {
      try {
        return inner.deserialize(topic, data);
      } catch (SerializationException e) {
        LOG.warn("skipping an undecodable policy event on {}: {}", topic, e.getMessage());
        return null;
      }
    }
  }
}
