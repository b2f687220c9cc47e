package dev.meshlog.cli.provenance;

import java.util.Objects;
import java.util.Optional;

/** Where one part of a snapshot came from: an event found in the log, or a subject whose event is not there any more. */
public sealed interface Origin permits Origin.Found, Origin.Unknown {

  String subject();

  /**
   * The event of {@code subject} the snapshot had folded.
   *
   * @param firstCarried this snapshot version is the first of the proxy's to carry the event (it is one of its causes)
   * @param newer the subject's newest event, when the log holds one the snapshot has not folded yet
   */
  record Found(LogEvent event, boolean firstCarried, Optional<LogEvent> newer) implements Origin {
    public Found {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(newer, "newer");
    }

    @Override
    public String subject() {
      return event.subject();
    }
  }

  /** The snapshot names the subject but the log no longer holds the event it folded (retention or compaction). */
  record Unknown(String subject, String why) implements Origin {
    public Unknown {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(why, "why");
    }
  }
}
