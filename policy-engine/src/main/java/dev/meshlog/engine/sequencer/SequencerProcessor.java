package dev.meshlog.engine.sequencer;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.ingest.policy.PolicyValidator;
import dev.meshlog.ingest.policy.ValidationError;
import dev.meshlog.schemas.Subjects;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each command, in the one order the single chain partition gives: re-validates it
 * (ingest's stateless rules, so each rule lives once, plus the rules that need state), then either
 * appends a {@link PolicyEvent} to the chain and reports ACCEPTED, or reports REJECTED with the errors.
 * Emits {@link PolicyEvent}s and {@link PolicyStatus}es keyed by subject; the topology routes them.
 */
final class SequencerProcessor implements Processor<String, PolicyCommand, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(SequencerProcessor.class);
  private static final String HEAD = "head";

  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ChainHead> chain;
  private KeyValueStore<String, ResourceGeneration> resources;

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.chain = context.getStateStore(SequencerTopology.CHAIN_STORE);
    this.resources = context.getStateStore(SequencerTopology.RESOURCES_STORE);
  }

  @Override
  public void process(Record<String, PolicyCommand> record) {
    PolicyCommand command = record.value();
    if (command == null) {
      log.warn("skipping an empty policy command record (tombstone) at {}", position());
      return;
    }
    String subject = Subjects.of(command.getKind(), command.getNamespace(), command.getName());
    ResourceGeneration resource = orElse(resources.get(subject), ResourceGeneration.NEVER_SEEN);
    List<String> errors = validate(command, subject, resource);
    if (!errors.isEmpty()) {
      log.debug("[subject={}] command {} rejected: {}", subject, command.getEnvelope().getId(), errors);
      context.forward(record.withKey(subject).withValue(status(command, subject, PolicyState.REJECTED, errors, null, null)));
      return;
    }
    ChainHead head = orElse(chain.get(HEAD), ChainHead.GENESIS);
    ResourceGeneration next = command.getOperation() == Operation.DELETE ? resource.deleted() : resource.upserted();
    PolicyEvent event = PolicyChain.append(command, subject, head.sequence() + 1, next.generation(), head.hash());
    chain.put(HEAD, head.next(event.getEnvelope().getHash()));
    resources.put(subject, next);
    log.debug("[subject={}] command {} accepted as sequence {}", subject, command.getEnvelope().getId(), event.getSequence());
    context.forward(record.withKey(subject).withValue(event));
    context.forward(record.withKey(subject)
        .withValue(status(command, subject, PolicyState.ACCEPTED, List.of(), event.getSequence(), event.getGeneration())));
  }

  private List<String> validate(PolicyCommand command, String subject, ResourceGeneration resource) {
    List<String> errors = new ArrayList<>();
    try {
      PolicyValidator.validate(command).stream().map(ValidationError::toString).forEach(errors::add);
    } catch (RuntimeException e) {
      // a validator bug on one odd command must not stop the chain: refuse the command, say why
      log.error("[subject={}] validator failed on command {} at {}", subject, command.getEnvelope().getId(), position(), e);
      errors.add(new ValidationError(subject, "", "cannot be validated: " + e).toString());
    }
    if (command.getOperation() == Operation.DELETE && !resource.exists()) {
      errors.add(new ValidationError(subject, "metadata.name", "not found: there is no " + subject + " to delete").toString());
    }
    return errors;
  }

  private static PolicyStatus status(PolicyCommand command, String subject, PolicyState state, List<String> errors,
      Long sequence, Long generation) {
    return PolicyStatus.newBuilder()
        .setSubject(subject)
        .setCommandId(command.getEnvelope().getId())
        .setState(state)
        .setErrors(errors)
        .setSequence(sequence)
        .setGeneration(generation)
        .setActor(command.getEnvelope().getActor())
        // the command's time, not the clock: a replay must write the same status
        .setTime(command.getEnvelope().getTime())
        .build();
  }

  private String position() {
    return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
