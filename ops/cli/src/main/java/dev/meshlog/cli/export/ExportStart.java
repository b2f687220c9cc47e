package dev.meshlog.cli.export;

import dev.meshlog.cli.Times;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Where an export starts: {@code --since} in any form {@link Times} reads (an ISO-8601 instant, epoch
 * milliseconds, or a duration back from now like {@code 10m}). Absent means the beginning.
 */
public final class ExportStart {

  private ExportStart() {}

  /** The start as epoch milliseconds, empty for "from the beginning". */
  public static OptionalLong parse(String since, Instant now) {
    if (since == null || since.isBlank()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Times.parse("--since", since, now).toEpochMilli());
  }
}
