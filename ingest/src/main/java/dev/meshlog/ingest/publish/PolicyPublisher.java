package dev.meshlog.ingest.publish;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.ingest.policy.PolicyValidator;
import dev.meshlog.ingest.policy.ValidationError;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the commands of one apply to the policy commands topic in a single Kafka transaction,
 * keyed by subject: a {@code read_committed} reader (the sequencer) sees all of them or none.
 * Every command is validated first; one invalid command refuses the whole apply, unwritten.
 * One transaction at a time per instance (the transactional producer allows no more).
 */
public final class PolicyPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyPublisher.class);

  private final TopicSpec<String, PolicyCommand> topic;
  private final String transactionalId;
  private final KafkaProducer<String, PolicyCommand> producer;
  private boolean broken;

  public PolicyPublisher(String bootstrap, Topics topics) {
    this(bootstrap, topics, Map.of());
  }

  /** {@code overrides}: extra producer settings, e.g. security; the transactional settings always win. */
  public PolicyPublisher(String bootstrap, Topics topics, Map<String, Object> overrides) {
    this.topic = topics.policyCommands();
    // Unique per instance: two applies running at once must not fence each other.
    this.transactionalId = "meshlog-ingest-" + UUID.randomUUID();
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    try {
      producer.initTransactions();
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    LOG.info("policy publisher {} ready for {}", transactionalId, topic.name());
  }

  /**
   * Validates then writes {@code commands} in one transaction, and returns where each landed, in
   * order. Throws {@link PolicyRejectedException} (nothing written) if any command is invalid, and
   * a {@link KafkaException} (transaction aborted) if Kafka fails.
   */
  public synchronized List<PublishedCommand> publish(List<PolicyCommand> commands) {
    List<ValidationError> errors = new ArrayList<>();
    for (PolicyCommand command : commands) {
      errors.addAll(PolicyValidator.validate(Objects.requireNonNull(command, "command")));
    }
    if (!errors.isEmpty()) {
      throw new PolicyRejectedException(errors);
    }
    if (broken) {
      throw new IllegalStateException("policy publisher " + transactionalId + " failed fatally; create a new one");
    }
    if (commands.isEmpty()) {
      return List.of();
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>(commands.size());
    try {
      producer.beginTransaction();
      for (PolicyCommand command : commands) {
        String key = Subjects.of(command.getKind(), command.getNamespace(), command.getName());
        sent.add(producer.send(new ProducerRecord<>(topic.name(), key, command)));
      }
      producer.commitTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
      // Fatal for this producer: the transaction cannot be aborted, only the producer closed.
      broken = true;
      producer.close(Duration.ZERO);
      throw e;
    } catch (KafkaException e) {
      abort(e);
      throw e;
    }
    LOG.debug("published {} policy commands in one transaction", commands.size());
    return landed(commands, sent);
  }

  @Override
  public synchronized void close() {
    producer.close();
  }

  private void abort(KafkaException cause) {
    try {
      producer.abortTransaction();
    } catch (KafkaException abortFailure) {
      cause.addSuppressed(abortFailure);
    }
  }

  private static List<PublishedCommand> landed(List<PolicyCommand> commands, List<Future<RecordMetadata>> sent) {
    List<PublishedCommand> landed = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      PolicyCommand command = commands.get(i);
      try {
        // Already complete: the commit succeeded, so every send did.
        RecordMetadata metadata = sent.get(i).get();
        landed.add(new PublishedCommand(command.getEnvelope().getSubject(), command.getEnvelope().getId(),
            metadata.partition(), metadata.offset()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted after a committed publish", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a send of a committed transaction reported a failure", e.getCause());
      }
    }
    return landed;
  }
}
