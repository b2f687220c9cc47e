package dev.meshlog.engine.ca;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the mesh's own CA lives and how long its certificates last. The passphrase is not part of
 * this record on purpose: records print every component, and a secret must never reach a log line.
 *
 * @param directory where the CA files are kept (created rwx------ if missing)
 * @param organization the O= of the CA subjects, typically the trust domain
 * @param rootValidity lifetime of the root; 10 years by default, since rotating it means
 *     re-distributing trust to every workload
 * @param intermediateValidity lifetime of the intermediate; 1 year by default, so a leaked
 *     intermediate key stops being useful on its own and renewal stays a routine operation
 */
public record CaSettings(Path directory, String organization, Duration rootValidity,
    Duration intermediateValidity) {

  public static final Duration DEFAULT_ROOT_VALIDITY = Duration.ofDays(3650);
  public static final Duration DEFAULT_INTERMEDIATE_VALIDITY = Duration.ofDays(365);

  public CaSettings {
    Objects.requireNonNull(directory, "directory");
    if (organization == null || organization.isBlank()) {
      throw new IllegalArgumentException("CA organization must not be blank");
    }
    if (rootValidity.isNegative() || rootValidity.isZero()) {
      throw new IllegalArgumentException("root validity must be positive, got " + rootValidity);
    }
    if (intermediateValidity.isNegative() || intermediateValidity.isZero()
        || intermediateValidity.compareTo(rootValidity) > 0) {
      throw new IllegalArgumentException("intermediate validity must be positive and within the root's ("
          + rootValidity + "), got " + intermediateValidity);
    }
  }

  public static CaSettings defaults(Path directory, String organization) {
    return new CaSettings(directory, organization, DEFAULT_ROOT_VALIDITY, DEFAULT_INTERMEDIATE_VALIDITY);
  }

  public CaDirectory files() {
    return new CaDirectory(directory);
  }
}
