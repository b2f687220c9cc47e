package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.avro.Source;
import java.util.Objects;

/**
 * What the log says about one subject: the latest accepted event's typed spec (the Avro spec record, compared by
 * value) and the source of the change that put it there. Only resources in force are kept; a DELETE removes one.
 */
public record LoggedPolicy(String subject, Object spec, Source source) {

  public LoggedPolicy {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(spec, "spec");
    source = source == null ? Source.UNKNOWN : source;
  }

  /** True when Kubernetes put this resource there, so its absence from Kubernetes means it was deleted. */
  public boolean ownedByKubernetes() {
    return source == Source.KUBERNETES;
  }
}
