package dev.meshlog.ingest.policy;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.ingest.policy.model.PolicyResource;
import dev.meshlog.ingest.policy.wire.PolicyWire;
import java.util.List;

/**
 * The stateless rules every policy command must satisfy, whoever wrote it: the CLI and the API call
 * this before publishing, and the engine's sequencer calls it again on every command it reads.
 * The rules are the ones documents are read with ({@link PolicyRules}); this adds what only a typed
 * command has: its envelope and operation. Never throws on a malformed command.
 */
public final class PolicyValidator {

  private PolicyValidator() {}

  /** Errors of a command; empty when it is valid. {@code file} names the command's origin: its subject. */
  public static List<ValidationError> validate(PolicyCommand command) {
    if (command == null) {
      return List.of(new ValidationError("", "", "the command is missing"));
    }
    PolicyResource resource = PolicyWire.toResource(command);
    Envelope envelope = command.getEnvelope();
    String origin = envelope != null && envelope.getSubject() != null && !envelope.getSubject().isEmpty()
        ? envelope.getSubject()
        : resource.subject();
    Problems problems = new Problems(origin);
    Operation operation = command.getOperation();
    checkEnvelope(envelope, operation, resource, problems);
    try {
      if (operation == Operation.UPSERT) {
        PolicyRules.checkUpsert(resource, problems);
      } else if (operation == Operation.DELETE) {
        PolicyRules.checkDelete(resource, problems);
      } else {
        problems.add("operation", "is required");
      }
    } catch (RuntimeException e) {
      // The rules read specs null-safely; should a hand-built record still trip one, the command
      // is refused with a reason instead of failing the sequencer.
      problems.add("spec", "malformed record: " + e);
    }
    return problems.list();
  }

  private static void checkEnvelope(Envelope envelope, Operation operation, PolicyResource resource, Problems problems) {
    if (envelope == null) {
      problems.add("envelope", "is required");
      return;
    }
    if (isBlank(envelope.getId())) {
      problems.add("envelope.id", "is required");
    }
    if (isBlank(envelope.getActor())) {
      problems.add("envelope.actor", "is required: every change is attributed");
    }
    if (!resource.subject().equals(envelope.getSubject())) {
      problems.add("envelope.subject", "is '" + envelope.getSubject() + "' but the command is for " + resource.subject());
    }
    if (operation != null) {
      String expected = operation == Operation.UPSERT ? PolicyCommands.UPSERT_REQUESTED : PolicyCommands.DELETE_REQUESTED;
      if (!expected.equals(envelope.getType())) {
        problems.add("envelope.type", "is '" + envelope.getType() + "' but a " + operation + " command is " + expected);
      }
    }
    if (envelope.getTime() == null) {
      problems.add("envelope.time", "is required");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
