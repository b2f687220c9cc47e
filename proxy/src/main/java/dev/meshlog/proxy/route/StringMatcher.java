package dev.meshlog.proxy.route;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Istio's StringMatch, compiled: exact, prefix, or a regex that must match the whole value (as
 * Envoy's safe_regex does). Regexes are compiled once per snapshot, on the snapshot thread.
 */
public sealed interface StringMatcher permits StringMatcher.Exact, StringMatcher.Prefix, StringMatcher.Regex {

  boolean matches(String value);

  record Exact(String value) implements StringMatcher {
    public Exact {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean matches(String candidate) {
      return value.equals(candidate);
    }
  }

  record Prefix(String value) implements StringMatcher {
    public Prefix {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean matches(String candidate) {
      return candidate.startsWith(value);
    }
  }

  record Regex(Pattern pattern) implements StringMatcher {
    public Regex {
      Objects.requireNonNull(pattern, "pattern");
    }

    /** @throws java.util.regex.PatternSyntaxException (an IllegalArgumentException) for a bad pattern */
    public static Regex compile(String regex) {
      return new Regex(Pattern.compile(regex));
    }

    @Override
    public boolean matches(String candidate) {
      return pattern.matcher(candidate).matches();
    }
  }
}
