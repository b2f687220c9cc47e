package dev.meshlog.ingest.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Null-safe reads of Avro spec records for the rules: a record built in Java may hold null where
 * the schema forbids it, and a rule must report, not throw.
 */
final class AvroValues {

  private AvroValues() {}

  static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }

  static <V> Map<String, V> map(Map<String, V> values) {
    return values == null ? Map.of() : values;
  }

  static String text(String value) {
    return value == null ? "" : value;
  }

  /** A copy sorted by key, so an encoded spec does not depend on the document's key order. */
  static <V> Map<String, V> sorted(Map<String, V> values) {
    return new LinkedHashMap<>(new TreeMap<>(values));
  }
}
