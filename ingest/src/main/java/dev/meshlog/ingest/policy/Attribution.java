package dev.meshlog.ingest.policy;

import dev.meshlog.avro.Source;
import java.util.Objects;

/**
 * Who asks for a policy change, why, and through what: recorded on every command's envelope. The
 * actor is mandatory, since an unattributed change defeats the audit trail.
 */
public record Attribution(String actor, String reason, Source source) {

  public Attribution {
    Objects.requireNonNull(actor, "actor");
    if (actor.isBlank()) {
      throw new IllegalArgumentException("actor must not be blank");
    }
    reason = reason == null ? "" : reason;
    source = source == null ? Source.UNKNOWN : source;
  }
}
