package dev.meshlog.cli;

import java.time.Duration;
import java.time.Instant;

/** Ages as kubectl prints them: 42s, 5m, 3h, 2d. */
final class Ages {

  private Ages() {}

  static String since(Instant then, Instant now) {
    if (then == null) {
      return "-";
    }
    Duration age = Duration.between(then, now);
    if (age.isNegative()) {
      age = Duration.ZERO;          // clocks of writer and reader differ a little
    }
    long seconds = age.toSeconds();
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 120 * 60) {
      return age.toMinutes() + "m";
    }
    if (seconds < 48 * 3600) {
      return age.toHours() + "h";
    }
    return age.toDays() + "d";
  }
}
