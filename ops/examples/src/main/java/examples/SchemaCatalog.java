package examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;

/**
 * The writer schemas of a Meshlog deployment, loaded from its catalog topic ({@code mesh.schemas}, compacted):
 * key = the schema's fingerprint as 16 lowercase hex digits, value = the schema's JSON. The fingerprint is
 * Avro's CRC-64-AVRO of the schema's Parsing Canonical Form, {@code SchemaNormalization.parsingFingerprint64},
 * the same number every single-object encoded value carries (little-endian) in its bytes 3 to 10.
 */
final class SchemaCatalog {

  private final Map<Long, Schema> byFingerprint;

  SchemaCatalog(Map<Long, Schema> byFingerprint) {
    this.byFingerprint = Map.copyOf(byFingerprint);
  }

  /**
   * Reads the whole catalog topic. An entry whose key does not match its own schema's fingerprint, or whose
   * JSON is no Avro schema, is left out with a warning: decoding with it would yield garbage.
   */
  static SchemaCatalog load(String bootstrap, String catalogTopic, PrintStream warnings) {
    Map<String, String> latest = new HashMap<>();
    TopicReader.readToEnd(bootstrap, catalogTopic, record -> {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      if (record.value() == null) {
        latest.remove(key);
      } else {
        latest.put(key, new String(record.value(), StandardCharsets.UTF_8));
      }
    });
    Map<Long, Schema> schemas = new HashMap<>();
    latest.forEach((key, json) -> {
      try {
        Schema schema = new Schema.Parser().parse(json); // each entry is self-contained: a fresh parser per schema
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        if (!key.equals(hex(fingerprint))) {
          warnings.println("catalog " + catalogTopic + ": entry " + key + " holds a schema whose fingerprint is " + hex(fingerprint)
              + "; left out");
        } else {
          schemas.put(fingerprint, schema);
        }
      } catch (SchemaParseException e) {
        warnings.println("catalog " + catalogTopic + ": entry " + key + " is not an Avro schema (" + e.getMessage() + "); left out");
      }
    });
    return new SchemaCatalog(schemas);
  }

  Optional<Schema> find(long fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  int size() {
    return byFingerprint.size();
  }

  /** A fingerprint the way the catalog keys it. */
  static String hex(long fingerprint) {
    return String.format(Locale.ROOT, "%016x", fingerprint);
  }
}
