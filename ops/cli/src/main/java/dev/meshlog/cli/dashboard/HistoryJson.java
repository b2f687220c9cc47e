package dev.meshlog.cli.dashboard;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.read.LocatedRecord;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of /api/history: the newest accepted policy changes, newest first (by chain sequence:
 * the order versions followed each other, whatever the clocks said), with who, why, from where and
 * the position of the event in the log.
 */
final class HistoryJson {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private HistoryJson() {}

  /** The {@code limit} query parameter: absent means {@value #DEFAULT_LIMIT}; the message names the parameter. */
  static int limit(String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw new IllegalArgumentException("limit: must be an integer from 1 to " + MAX_LIMIT + ", got '" + raw + "'");
  }

  static Map<String, Object> of(List<LocatedRecord<String, PolicyEvent>> records, int limit, Instant now) {
    List<LocatedRecord<String, PolicyEvent>> events = new ArrayList<>(records.stream().filter(r -> r.value() != null).toList());
    events.sort(Comparator.comparingLong((LocatedRecord<String, PolicyEvent> r) -> r.value().getSequence()).reversed());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (LocatedRecord<String, PolicyEvent> r : events.subList(0, Math.min(limit, events.size()))) {
      PolicyEvent e = r.value();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("time", e.getEnvelope().getTime().toString());
      entry.put("subject", Subjects.of(e.getKind(), e.getNamespace(), e.getName()));
      entry.put("kind", e.getKind());
      entry.put("namespace", e.getNamespace());
      entry.put("name", e.getName());
      entry.put("operation", e.getOperation().name());
      entry.put("generation", e.getGeneration());
      entry.put("actor", e.getEnvelope().getActor());
      entry.put("reason", e.getEnvelope().getReason());
      entry.put("source", e.getEnvelope().getSource().name());
      entry.put("sequence", e.getSequence());
      entry.put("position", r.position());
      entries.add(entry);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("time", now.toString());
    out.put("limit", limit);
    out.put("entries", entries);
    return out;
  }
}
