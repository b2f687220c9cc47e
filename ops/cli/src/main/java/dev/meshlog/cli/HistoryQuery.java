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

  /** The matching entries of {@code events} (in any order), sorted by event time then sequence. */
  List<HistoryEntry> select(List<PolicyEvent> events) {
    List<PolicyEvent> chain = new ArrayList<>(events);
    // The chain order is the order versions followed each other, whatever the clocks said.
    chain.sort(Comparator.comparingLong(PolicyEvent::getSequence));
    Selection selection = selection();
    chain.forEach(selection::accept);
    return selection.entries();
  }

  /** An empty selection to feed events to as they are read. */
  Selection selection() {
    return new Selection();
  }

  /**
   * The entries picked so far. Events must arrive in chain order per resource, which a scan of the
   * event log gives (a resource's events share a partition). Only each resource's previous event is
   * kept, and only matching entries are rendered and diffed, so a window into a long log stays cheap.
   */
  final class Selection {

    private final Map<String, PolicyEvent> previous = new HashMap<>();
    private final List<HistoryEntry> entries = new ArrayList<>();

    void accept(PolicyEvent event) {
      String subject = Subjects.of(event.getKind(), event.getNamespace(), event.getName());
      if (resource.isPresent() && !resource.get().subject().equals(subject)) {
        return;
      }
      PolicyEvent before = previous.put(subject, event);
      if (matches(event)) {
        entries.add(HistoryEntry.of(event, before == null ? "" : HistoryEntry.rendering(before)));
      }
    }

    List<HistoryEntry> entries() {
      List<HistoryEntry> sorted = new ArrayList<>(entries);
      sorted.sort(Comparator.comparing(HistoryEntry::time).thenComparingLong(HistoryEntry::sequence));
      return sorted;
    }
  }

  private boolean matches(PolicyEvent event) {
    Instant time = event.getEnvelope().getTime();
    return since.map(s -> !time.isBefore(s)).orElse(true)
        && until.map(time::isBefore).orElse(true)
        && actor.map(a -> a.equals(event.getEnvelope().getActor())).orElse(true);
  }
}
