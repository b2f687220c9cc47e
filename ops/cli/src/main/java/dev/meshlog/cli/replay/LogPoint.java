package dev.meshlog.cli.replay;

import dev.meshlog.cli.Times;
import java.time.Instant;

/**
 * A point of the log that {@code replay}, {@code diff} and {@code rollback} rebuild the mesh at: a moment (every input
 * record whose timestamp is at or before it), or a policy event's offset ({@code @N}: the policy events up to and
 * including offset N, and the other inputs up to that event's timestamp).
 */
public sealed interface LogPoint permits LogPoint.AtTime, LogPoint.AtPolicyOffset {

  /** How the point reads in output. */
  String describe();

  record AtTime(Instant time) implements LogPoint {
    @Override
    public String describe() {
      return time.toString();
    }
  }

  record AtPolicyOffset(long offset) implements LogPoint {
    public AtPolicyOffset {
      if (offset < 0) {
        throw new IllegalArgumentException("a policy event offset is not negative, got " + offset);
      }
    }

    @Override
    public String describe() {
      return "policy events @" + offset;
    }
  }

  /**
   * {@code @N} is an offset of the policy events; anything else is a time as {@link Times} reads it (ISO-8601,
   * epoch milliseconds, {@code now}, {@code 2h ago}). The error names {@code option}.
   */
  static LogPoint parse(String option, String text, Instant now) {
    String t = text.trim();
    if (t.startsWith("@")) {
      String digits = t.substring(1).trim();
      if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 18) {
        throw new IllegalArgumentException(option + ": expected @OFFSET (a policy events offset, e.g. @42), got '" + text + "'");
      }
      return new AtPolicyOffset(Long.parseLong(digits));
    }
    return new AtTime(Times.parse(option, t, now));
  }
}
