package dev.meshlog.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Points in time as people type them to {@code history}, {@code export} and the like: an ISO-8601
 * instant ({@code 2026-11-26T14:02:00Z}, or with an offset), epoch milliseconds (what Kafka record
 * timestamps are), {@code now}, or a relative form such as {@code 2h ago} or just {@code 30m}
 * (meaning that long before now, in {@link Durations}' units).
 */
public final class Times {

  private Times() {}

  /** {@code text} as an instant; the error names {@code option}. */
  public static Instant parse(String option, String text, Instant now) {
    String t = text.trim();
    if (t.equalsIgnoreCase("now")) {
      return now;
    }
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw bad(option, text);
      }
    }
    if (!t.isEmpty() && Character.isDigit(t.charAt(0)) && t.contains("-")) {
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        throw bad(option, text);
      }
    }
    String relative = t.toLowerCase(Locale.ROOT);
    if (relative.endsWith("ago")) {
      relative = relative.substring(0, relative.length() - 3).trim();
    }
    try {
      return now.minus(Durations.parse(option, relative));
    } catch (IllegalArgumentException e) {
      throw bad(option, text);
    }
  }

  private static IllegalArgumentException bad(String option, String text) {
    return new IllegalArgumentException(option + ": expected an ISO-8601 instant (2026-11-26T14:02:00Z), epoch milliseconds,"
        + " now, or a time ago like 30m ago or 2h, got '" + text + "'");
  }
}
