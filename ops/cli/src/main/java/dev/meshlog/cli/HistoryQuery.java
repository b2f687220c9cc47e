package dev.meshlog.cli;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which changes {@code history} shows: optionally one resource, a time window (since inclusive,
 * until exclusive) and one actor. Diffs are taken over the whole chain first, so the first change
 * inside the window still diffs against the version before it.
 */
record HistoryQuery(Optional<ResourceRef> resource, Optional<Instant> since, Optional<Instant> until, Optional<String> actor) {

  static final HistoryQuery EVERYTHING = new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** The matching entries, sorted by event time then sequence. */
  List<HistoryEntry> select(List<PolicyEvent> events) {
    List<PolicyEvent> chain = new ArrayList<>(events);
    // The chain order is the order versions followed each other, whatever the clocks said.
    chain.sort(Comparator.comparingLong(PolicyEvent::getSequence));
    Map<String, String> previous = new HashMap<>();
    List<HistoryEntry> entries = new ArrayList<>();
    for (PolicyEvent event : chain) {
      String subject = Subjects.of(event.getKind(), event.getNamespace(), event.getName());
      if (resource.isPresent() && !resource.get().subject().equals(subject)) {
        continue;
      }
      HistoryEntry entry = HistoryEntry.of(event, previous.getOrDefault(subject, ""));
      previous.put(subject, HistoryEntry.rendering(event));
      if (matches(entry)) {
        entries.add(entry);
      }
    }
    entries.sort(Comparator.comparing(HistoryEntry::time).thenComparingLong(HistoryEntry::sequence));
    return entries;
  }

  private boolean matches(HistoryEntry entry) {
    return since.map(s -> !entry.time().isBefore(s)).orElse(true)
        && until.map(u -> entry.time().isBefore(u)).orElse(true)
        && actor.map(a -> a.equals(entry.actor())).orElse(true);
  }
}
