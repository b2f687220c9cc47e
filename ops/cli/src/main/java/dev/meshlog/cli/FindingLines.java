package dev.meshlog.cli;

import dev.meshlog.ingest.analysis.Finding;
import dev.meshlog.ingest.analysis.Severity;
import dev.meshlog.ingest.policy.ValidationError;
import java.util.Locale;

/**
 * Analysis messages as istioctl analyze prints them:
 * {@code Error [IST0101] (VirtualService default/reviews reviews.yaml spec.http[0].route[0].destination.subset) Referenced ...}.
 */
final class FindingLines {

  /** Istio's code for a resource that does not pass schema validation. */
  static final String SCHEMA_VALIDATION = "IST0106";

  private FindingLines() {}

  static String of(Finding finding) {
    String code = finding.code().split(" ", 2)[0];
    return severity(finding.severity()) + " [" + code + "] (" + join(resource(finding.subject()), finding.file(), finding.path()) + ") "
        + finding.message();
  }

  /** A document that cannot even be read: reported like Istio's SchemaValidationError, as an error. */
  static String of(ValidationError error) {
    return "Error [" + SCHEMA_VALIDATION + "] (" + join(error.file(), error.path()) + ") Schema validation error: " + error.reason();
  }

  static String severity(Severity severity) {
    String name = severity.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** {@code Kind/ns/name} as istioctl names a resource: {@code Kind ns/name}. */
  private static String resource(String subject) {
    int slash = subject.indexOf('/');
    return slash < 0 ? subject : subject.substring(0, slash) + " " + subject.substring(slash + 1);
  }

  private static String join(String... parts) {
    StringBuilder text = new StringBuilder();
    for (String part : parts) {
      if (part != null && !part.isBlank()) {
        text.append(text.length() == 0 ? "" : " ").append(part);
      }
    }
    return text.toString();
  }
}
