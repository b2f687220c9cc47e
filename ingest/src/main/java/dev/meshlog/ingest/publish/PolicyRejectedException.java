package dev.meshlog.ingest.publish;

import dev.meshlog.ingest.policy.ValidationError;
import java.util.List;
import java.util.stream.Collectors;

/** A publish refused before anything was written, because at least one command is invalid. */
public final class PolicyRejectedException extends RuntimeException {

  private static final int ERRORS_IN_MESSAGE = 5;

  private final transient List<ValidationError> errors;

  public PolicyRejectedException(List<ValidationError> errors) {
    super(message(errors));
    this.errors = List.copyOf(errors);
  }

  /** Every error of every command. */
  public List<ValidationError> errors() {
    return errors;
  }

  private static String message(List<ValidationError> errors) {
    String shown = errors.stream().limit(ERRORS_IN_MESSAGE).map(ValidationError::toString).collect(Collectors.joining("; "));
    int more = errors.size() - ERRORS_IN_MESSAGE;
    return "policy commands refused, nothing published: " + shown + (more > 0 ? "; and " + more + " more" : "");
  }
}
