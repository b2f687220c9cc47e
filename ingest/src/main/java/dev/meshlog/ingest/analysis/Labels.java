package dev.meshlog.ingest.analysis;

import java.util.Map;
import java.util.TreeMap;

/** Label maps as people write them in messages: {@code app=reviews,version=v2}, sorted by key. */
final class Labels {

  private Labels() {}

  static String format(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "{}";
    }
    StringBuilder out = new StringBuilder();
    new TreeMap<>(labels).forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return out.toString();
  }

  /** Whether every label {@code narrow} requires, {@code wide} requires too: {@code wide} selects a subset of what {@code narrow} selects. */
  static boolean containsAll(Map<String, String> wide, Map<String, String> narrow) {
    for (Map.Entry<String, String> e : narrow.entrySet()) {
      if (!e.getValue().equals(wide.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
