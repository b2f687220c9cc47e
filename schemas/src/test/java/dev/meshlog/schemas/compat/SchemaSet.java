package dev.meshlog.schemas.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

/**
 * A set of .avsc texts parsed together, as the avro-maven-plugin does, so files can name types that
 * other files define. Order does not matter: a file naming a type not yet defined is retried after
 * the others.
 */
final class SchemaSet {

  private final Map<String, Schema> byFullName;

  private SchemaSet(Map<String, Schema> byFullName) {
    this.byFullName = byFullName;
  }

  /** @param sources file path -> .avsc text */
  static SchemaSet parse(Map<String, String> sources) {
    List<String> ordered = new ArrayList<>();
    List<String> pending = new ArrayList<>(sources.keySet());
    while (!pending.isEmpty()) {
      String progress = null;
      AvroRuntimeException last = null;
      for (String file : pending) {
        List<String> attempt = new ArrayList<>(ordered);
        attempt.add(file);
        try {
          parseInOrder(attempt, sources);
          progress = file;
          break;
        } catch (AvroRuntimeException e) {
          last = e;
        }
      }
      if (progress == null) {
        throw new IllegalArgumentException("cannot parse " + pending + ": " + last.getMessage(), last);
      }
      ordered.add(progress);
      pending.remove(progress);
    }
    return new SchemaSet(parseInOrder(ordered, sources));
  }

  private static Map<String, Schema> parseInOrder(List<String> files, Map<String, String> sources) {
    Schema.Parser parser = new Schema.Parser();
    for (String file : files) {
      parser.parse(sources.get(file));
    }
    return new LinkedHashMap<>(parser.getTypes());
  }

  /** The named type, or null when this set does not define it (a message added later). */
  Schema get(String fullName) {
    return byFullName.get(fullName);
  }
}
