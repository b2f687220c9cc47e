package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.StringMatch;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Size bounds on every list, map and string of a spec, checked before any other rule, as Kubernetes'
 * OpenAPI validation (maxItems, maxLength) does before admission: a policy is read by every proxy it
 * reaches, so its size is bounded where it enters. Walks the Avro record generically, so a field added to the
 * schema is bounded too; paths use the record's field names (Istio's, except durations, which are numbers).
 */
final class SpecBounds {

  /** Entries of a list or map, unless {@link #MAX_ENTRIES_BY_FIELD} says otherwise. */
  static final int MAX_ENTRIES = 1024;
  /** Characters of any string; also Envoy's default limit of a direct response body (4 KiB). */
  static final int MAX_STRING = 4096;
  /** Tighter bounds where one entry costs every request: hosts, matches and destinations are walked per request. */
  static final Map<String, Integer> MAX_ENTRIES_BY_FIELD = Map.of("hosts", 256, "match", 64, "route", 64, "headers", 64);

  private SpecBounds() {}

  /** True when {@code spec} is within bounds; else each excess is reported at its path. */
  static boolean check(IndexedRecord spec, String path, Problems problems) {
    Problems local = new Problems("");
    record(spec, path, local);
    local.list().forEach(error -> problems.add(error.path(), error.reason()));
    return local.isEmpty();
  }

  private static void record(IndexedRecord record, String path, Problems problems) {
    if (record instanceof StringMatch match) {
      stringMatch(match, path, problems);
      return;
    }
    for (Schema.Field f : record.getSchema().getFields()) {
      value(record.get(f.pos()), f.name(), field(path, f.name()), problems);
    }
  }

  private static void value(Object value, String name, String path, Problems problems) {
    if (value instanceof IndexedRecord nested) {
      record(nested, path, problems);
    } else if (value instanceof CharSequence text) {
      string(text, path, MAX_STRING, problems);
    } else if (value instanceof List<?> list) {
      if (entries(list.size(), name, path, problems)) {
        for (int i = 0; i < list.size(); i++) {
          value(list.get(i), name, item(path, i), problems);
        }
      }
    } else if (value instanceof Map<?, ?> map && entries(map.size(), name, path, problems)) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        if (string(key, path, MAX_STRING, problems)) {
          value(entry.getValue(), name, field(path, key), problems);
        }
      }
    }
  }

  /** The value is reported at {@code exact}, {@code prefix} or {@code regex}, as the document writes it. */
  private static void stringMatch(StringMatch match, String path, Problems problems) {
    if (match.getKind() == null || match.getValue() == null) {
      return; // MatchRules says what is missing
    }
    int max = match.getKind() == MatchKind.REGEX ? MatchRules.MAX_REGEX_LENGTH : MAX_STRING;
    string(match.getValue(), field(path, match.getKind().name().toLowerCase(Locale.ROOT)), max, problems);
  }

  private static boolean entries(int size, String name, String path, Problems problems) {
    int max = MAX_ENTRIES_BY_FIELD.getOrDefault(name, MAX_ENTRIES);
    if (size > max) {
      problems.add(path, "has " + size + " entries; at most " + max + " are allowed");
      return false;
    }
    return true;
  }

  private static boolean string(CharSequence text, String path, int max, Problems problems) {
    if (text.length() > max) {
      problems.add(path, "is " + text.length() + " characters long; at most " + max + " are allowed");
      return false;
    }
    return true;
  }
}
