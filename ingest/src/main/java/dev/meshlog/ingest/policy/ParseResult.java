package dev.meshlog.ingest.policy;

import dev.meshlog.avro.PolicyCommand;
import java.util.List;

/**
 * The outcome of reading a policy file: every document became a command, or the file is refused
 * with every error of every document (nothing of a refused file is ever published).
 */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Refused {

  /** One upsert command per non-empty document, in file order. */
  record Parsed(List<PolicyCommand> commands) implements ParseResult {
    public Parsed {
      commands = List.copyOf(commands);
    }
  }

  /** At least one error, each naming the file, the field path and the reason. */
  record Refused(List<ValidationError> errors) implements ParseResult {
    public Refused {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a refusal needs at least one error");
      }
    }
  }
}
