package dev.meshlog.cli.export;

import dev.meshlog.cli.Durations;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * Where an export starts: {@code --since} as an ISO-8601 instant ({@code 2026-11-26T14:02:00Z}),
 * epoch milliseconds, or a duration back from now ({@code 10m}). Absent means the beginning.
 */
public final class ExportStart {

  private ExportStart() {}

  /** The start as epoch milliseconds, empty for "from the beginning". */
  public static OptionalLong parse(String since, Instant now) {
    if (since == null || since.isBlank()) {
      return OptionalLong.empty();
    }
    String text = since.trim();
    if (text.chars().allMatch(Character::isDigit)) {
      return OptionalLong.of(Long.parseLong(text));
    }
    try {
      return OptionalLong.of(Instant.parse(text).toEpochMilli());
    } catch (DateTimeParseException notAnInstant) {
      try {
        return OptionalLong.of(now.minus(Durations.parse("--since", text)).toEpochMilli());
      } catch (IllegalArgumentException notADuration) {
        throw new IllegalArgumentException("--since: expected an instant like 2026-11-26T14:02:00Z, epoch milliseconds"
            + " or a duration like 10m, got '" + since + "'");
      }
    }
  }
}
