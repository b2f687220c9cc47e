package dev.meshlog.ingest.policy;

import dev.meshlog.avro.PolicyCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * The stateless rules every policy command must satisfy, whoever wrote it: the CLI and the API call
 * this before publishing, and the engine's sequencer calls it again on every command it reads.
 */
public final class PolicyValidator {

  private PolicyValidator() {}

  /** Errors of a command; empty when it is valid. {@code file} names the command's origin. */
  public static List<ValidationError> validate(PolicyCommand command) {
    List<ValidationError> errors = new ArrayList<>();
    String origin = command.getEnvelope().getSubject();
    if (command.getName() == null || command.getName().isBlank()) {
      errors.add(new ValidationError(origin, "metadata.name", "is required"));
    }
    return errors;
  }
}
