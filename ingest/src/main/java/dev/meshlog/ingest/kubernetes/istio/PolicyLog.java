package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.ingest.log.TopicToEnd;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy state in force, folded from the accepted events (mesh.policy.events) up to the end offsets taken when
 * the read starts: the latest event per subject wins and a DELETE removes the subject. This is what the engine's
 * own fold sees, so a diff against it publishes exactly what the log lacks.
 */
public final class PolicyLog {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyLog.class);

  private PolicyLog() {}

  /** @param deadLetters where an undecodable event goes (it is skipped: the fold goes on with the next) */
  public static Map<String, LoggedPolicy> read(String bootstrap, Topics topics, Map<String, Object> overrides,
      DeadLetterPublisher deadLetters) {
    TopicSpec<String, PolicyEvent> topic = topics.policyEvents();
    Map<String, LoggedPolicy> state = new HashMap<>();
    Deserializer<PolicyEvent> values = topic.valueSerde().deserializer();
    TopicToEnd.read(bootstrap, topic.name(), overrides, record -> fold(state, decode(values, record, deadLetters)));
    LOG.info("read {} policy resources in force from {}", state.size(), topic.name());
    return state;
  }

  /** The event, or null (changes nothing) for a tombstone or an undecodable record, which is dead-lettered. */
  private static PolicyEvent decode(Deserializer<PolicyEvent> values, ConsumerRecord<byte[], byte[]> record,
      DeadLetterPublisher deadLetters) {
    try {
      return record.value() == null ? null : values.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      deadLetters.publish(record, e);
      return null;
    }
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
}
