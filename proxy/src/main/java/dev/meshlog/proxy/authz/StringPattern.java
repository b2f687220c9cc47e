package dev.meshlog.proxy.authz;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One value of an Istio authorization field, as Istio reads it: {@code *} (present), {@code abc*}
 * (prefix), {@code *abc} (suffix) or an exact value. Parsed once per snapshot; matching allocates nothing.
 *
 * @param ignoreCase hosts compare case-insensitively, as Istio's host matcher does; everything else is exact
 */
public record StringPattern(Kind kind, String value, boolean ignoreCase) implements Predicate<String> {

  public enum Kind { PRESENT, PREFIX, SUFFIX, EXACT }

  public StringPattern {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  public static StringPattern parse(String pattern) {
    return parse(pattern, false);
  }

  public static StringPattern parse(String pattern, boolean ignoreCase) {
    if (pattern.equals("*")) {
      return new StringPattern(Kind.PRESENT, "", ignoreCase);
    }
    if (pattern.startsWith("*")) {
      return new StringPattern(Kind.SUFFIX, pattern.substring(1), ignoreCase);
    }
    if (pattern.endsWith("*")) {
      return new StringPattern(Kind.PREFIX, pattern.substring(0, pattern.length() - 1), ignoreCase);
    }
    return new StringPattern(Kind.EXACT, pattern, ignoreCase);
  }

  /** An absent value ({@code null}) matches nothing, not even {@code *}. */
  @Override
  public boolean test(String candidate) {
    if (candidate == null) {
      return false;
    }
    return switch (kind) {
      case PRESENT -> true;
      case EXACT -> ignoreCase ? candidate.equalsIgnoreCase(value) : candidate.equals(value);
      case PREFIX -> candidate.regionMatches(ignoreCase, 0, value, 0, value.length());
      case SUFFIX -> candidate.length() >= value.length()
          && candidate.regionMatches(ignoreCase, candidate.length() - value.length(), value, 0, value.length());
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case PRESENT -> "*";
      case EXACT -> value;
      case PREFIX -> value + "*";
      case SUFFIX -> "*" + value;
    };
  }
}
