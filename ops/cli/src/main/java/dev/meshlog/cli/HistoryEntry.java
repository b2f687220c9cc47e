package dev.meshlog.cli;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;

/**
 * One accepted change as {@code history} shows it: who, when, why, from where, and the diff of the
 * resource against its previous version (empty when an upsert changed nothing).
 */
record HistoryEntry(Instant time, long sequence, String subject, String type, String actor, String reason, String source,
    String diff) {

  /** The entry for {@code event}, diffed against the rendering of the subject's previous version ("" if none). */
  static HistoryEntry of(PolicyEvent event, String previous) {
    String current = rendering(event);
    return new HistoryEntry(event.getEnvelope().getTime(), event.getSequence(),
        Subjects.of(event.getKind(), event.getNamespace(), event.getName()),
        event.getOperation() == Operation.DELETE ? "delete" : "upsert",
        event.getEnvelope().getActor(), event.getEnvelope().getReason(), event.getEnvelope().getSource().name(),
        LineDiff.of(previous, current));
  }

  /** What the resource looks like after {@code event}: nothing once deleted. */
  static String rendering(PolicyEvent event) {
    return event.getOperation() == Operation.DELETE ? "" : PolicyListing.typed(event);
  }

  /** The heading line and the indented diff. */
  String text() {
    StringBuilder out = new StringBuilder()
        .append(time).append("  #").append(sequence).append("  ").append(type).append("  ").append(subject)
        .append("  actor=").append(actor).append("  source=").append(source)
        .append("  reason=").append(reason.isEmpty() ? "-" : reason).append('\n');
    if (diff.isEmpty()) {
      out.append("    (no change)\n");
    } else {
      diff.lines().forEach(line -> out.append("    ").append(line).append('\n'));
    }
    return out.toString();
  }
}
