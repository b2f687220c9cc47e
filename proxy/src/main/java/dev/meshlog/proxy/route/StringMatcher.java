package dev.meshlog.proxy.route;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.meshlog.schemas.policy.RegexSize;
import java.util.Objects;

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

  /**
   * RE2 (re2j), as Istio's regexes are: matching takes time linear in the input whatever the pattern, so no
   * policy can stall an event loop ({@code (a+)+$} against a long path included). Never java.util.regex, whose
   * backtracking is exponential on such patterns.
   */
  record Regex(Pattern pattern) implements StringMatcher {

    /** As ingest's bound: a pattern longer than this never reached a snapshot through {@code meshlog apply}. */
    public static final int MAX_LENGTH = 1024;

    public Regex {
      Objects.requireNonNull(pattern, "pattern");
    }

    /** @throws IllegalArgumentException for a pattern RE2 refuses, a too long one, or one too large once compiled */
    public static Regex compile(String regex) {
      if (regex.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("regex is " + regex.length() + " characters long; at most " + MAX_LENGTH);
      }
      long size = RegexSize.estimate(regex);
      if (size > RegexSize.MAX_ESTIMATE) {
        throw new IllegalArgumentException("regex is too large once compiled (about " + size + " instructions; at most "
            + RegexSize.MAX_ESTIMATE + ")");
      }
      try {
        return new Regex(Pattern.compile(regex));
      } catch (PatternSyntaxException e) { // a RuntimeException in re2j: the snapshot path expects IllegalArgumentException
        throw new IllegalArgumentException("'" + regex + "' is not a valid RE2 regex: " + e.getDescription(), e);
      }
    }

    @Override
    public boolean matches(String candidate) {
      return pattern.matcher(candidate).matches();
    }
  }
}
