package dev.meshlog.schemas.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.schemas.SchemaCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * The build's schema gate: every message schema in the working tree must be mutually compatible
 * with its previous committed version (the newest commit in which it was different). Breaking a
 * schema fails {@code ./mvnw verify}, before the change can land.
 */
class SchemaHistoryCompatibilityTest {

  private static final int HISTORY_LIMIT = 200;
  private final Path schemaDir = Path.of(System.getProperty("schemas.dir", "src/main/avro"));

  @Test
  void everyMessageSchemaShouldStayCompatibleBothWaysWithItsPreviousCommittedVersion() throws IOException {
    SchemaSet current = SchemaSet.parse(workingTree());
    GitHistory git = new GitHistory(schemaDir);
    List<String> failures = new ArrayList<>();
    for (var type : SchemaCatalog.MESSAGES) {
      Schema now = current.get(type.getName());
      Schema previous = previousVersion(type.getName(), now, git);
      if (previous != null) {
        MutualCompatibility.problems(now, previous).forEach(p -> failures.add(type.getSimpleName() + ": " + p));
      }
    }
    assertTrue(failures.isEmpty(), "incompatible schema changes:\n" + String.join("\n", failures));
  }

  private static Schema previousVersion(String fullName, Schema now, GitHistory git) {
    String canonicalNow = SchemaNormalization.toParsingForm(now);
    for (String commit : git.commitsTouchingFolder(HISTORY_LIMIT)) {
      Schema then = SchemaSet.parse(git.schemasAt(commit)).get(fullName);
      if (then == null) {
        return null;                       // the message did not exist before: nothing to break
      }
      if (!SchemaNormalization.toParsingForm(then).equals(canonicalNow) || !then.toString().equals(now.toString())) {
        return then;
      }
    }
    return null;
  }

  private Map<String, String> workingTree() throws IOException {
    try (Stream<Path> files = Files.walk(schemaDir)) {
      return files.filter(f -> f.toString().endsWith(".avsc")).sorted()
          .collect(Collectors.toMap(Path::toString, SchemaHistoryCompatibilityTest::read, (a, b) -> a, java.util.LinkedHashMap::new));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
