package examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The example's promise: an outside consumer needs only Kafka and Avro. No source file and no compiled class
 * of src/main may name a Meshlog package (a compiled class names every class it uses in its constant pool).
 */
class PlainConsumerSourceTest {

  private static final List<String> ALLOWED = List.of("java.", "javax.", "examples.", "org.apache.kafka.", "org.apache.avro.");

  @Test
  void shouldImportOnlyTheJdkKafkaAndAvro() throws IOException {
    List<Path> sources = files(Path.of("src/main/java"), ".java");
    assertFalse(sources.isEmpty(), "no sources found under " + Path.of("src/main/java").toAbsolutePath());
    for (Path source : sources) {
      for (String line : Files.readAllLines(source)) {
        if (line.startsWith("import ")) {
          String imported = line.replaceFirst("^import (static )?", "");
          assertTrue(ALLOWED.stream().anyMatch(imported::startsWith), source + ": " + line);
        }
        assertFalse(line.contains("dev.meshlog"), source + ": " + line);
      }
    }
  }

  @Test
  void shouldReferToNoMeshlogClassInTheCompiledCode() throws IOException {
    List<Path> classes = files(Path.of("target/classes"), ".class");
    assertTrue(classes.stream().anyMatch(p -> p.endsWith("PlainConsumer.class")), "compiled classes not found: " + classes);
    for (Path type : classes) {
      assertFalse(refersToMeshlog(type), type + " refers to a Meshlog class");
    }
    // the scan can fail: the tests' own fixture, which builds Meshlog records, is caught by it
    assertTrue(refersToMeshlog(Path.of("target/test-classes/examples/MeshRecords.class")));
  }

  private static boolean refersToMeshlog(Path classFile) throws IOException {
    String pool = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    return pool.contains("dev/meshlog") || pool.contains("dev.meshlog");
  }

  private static List<Path> files(Path root, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).toList();
    }
  }
}
