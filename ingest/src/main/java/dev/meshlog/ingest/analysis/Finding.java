package dev.meshlog.ingest.analysis;

import java.util.Objects;

/**
 * One analysis message about a candidate resource.
 *
 * @param severity how bad it is
 * @param code the message code and name, e.g. {@code IST0101 ReferencedResourceNotFound}; Istio's
 *     codes where Istio has the check, {@code MSHnnnn} for Meshlog's own
 * @param subject the resource, {@code Kind/namespace/name}
 * @param file where the resource came from (a path, or {@code mesh} for resources already in the log)
 * @param path field path into the resource, e.g. {@code spec.http[0].route[1].destination.subset};
 *     empty when the finding is about the whole resource (a deletion)
 * @param message what is wrong, for people
 */
public record Finding(Severity severity, String code, String subject, String file, String path, String message) {

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }
}
