package dev.meshlog.ingest.registry;

import dev.meshlog.ingest.policy.ValidationError;
import java.util.List;
import java.util.Map;

/** The outcome of reading a registry file: every record it declares, or every reason it is refused. */
public sealed interface RegistryParse {

  /** The declared records by key, attributed to whoever runs the ingest. */
  record Parsed(Map<String, Desired> desired) implements RegistryParse {
    public Parsed {
      desired = Map.copyOf(desired);
    }
  }

  record Refused(List<ValidationError> errors) implements RegistryParse {
    public Refused {
      errors = List.copyOf(errors);
    }
  }
}
