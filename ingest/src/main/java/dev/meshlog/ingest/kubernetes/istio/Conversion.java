package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.ingest.policy.ValidationError;
import java.util.List;

/** What one Istio object becomes: an upsert command, or a refusal by ingest's validator (nothing to publish). */
public sealed interface Conversion permits Conversion.Converted, Conversion.Refused {

  /** The subject ({@code Kind/ns/name}) the object is keyed by on the policy topics. */
  String subject();

  record Converted(String subject, PolicyCommand command) implements Conversion {}

  record Refused(String subject, List<ValidationError> errors) implements Conversion {
    public Refused {
      errors = List.copyOf(errors);
    }
  }
}
