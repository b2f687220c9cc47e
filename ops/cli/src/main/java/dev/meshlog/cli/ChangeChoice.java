package dev.meshlog.cli;

import dev.meshlog.cli.provenance.LogEvent;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which change of a resource {@code status --proxies} follows: the newest, the one at an offset, or the one of a generation. */
final class ChangeChoice {

  private ChangeChoice() {}

  /** {@code events}: the resource's policy events in log order. Errors name the option and the choices there are. */
  static LogEvent of(String subject, List<LogEvent> events, Optional<Long> offset, Optional<Long> generation) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException(subject + ": no accepted event in the log, so no change to follow to the proxies");
    }
    if (offset.isPresent()) {
      return events.stream().filter(e -> e.offset() == offset.get()).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--event " + offset.get() + ": no event of " + subject
              + " at that offset (its events are at " + list(events.stream().map(e -> String.valueOf(e.offset())).toList()) + ")"));
    }
    if (generation.isPresent()) {
      return events.stream().filter(e -> e.generation().equals(generation)).reduce((first, second) -> second)
          .orElseThrow(() -> new IllegalArgumentException("--generation " + generation.get() + ": " + subject + " has generations "
              + list(events.stream().map(e -> e.generation().map(String::valueOf).orElse("?")).distinct().toList())));
    }
    return events.get(events.size() - 1);
  }

  private static String list(List<String> items) {
    return items.stream().collect(Collectors.joining(", "));
  }
}
