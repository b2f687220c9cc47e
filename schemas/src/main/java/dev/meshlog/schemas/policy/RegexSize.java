package dev.meshlog.schemas.policy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A cheap upper estimate of the size of the program a regex compiles to, read from its text before it is
 * compiled. RE2 matches in linear time but compiles counted repetitions by copying: {@code ((a{1000}){1000}){1000}}
 * is a billion instructions, and re2j (unlike Go's and C++'s RE2) has no limit of its own, so compiling it
 * would exhaust memory. Each atom counts 1, a group the sum of its content, {@code x{n,m}} multiplies x by m.
 * Part of the policy contract, so one estimate serves both ends: ingest refuses such a regex at apply time, and the
 * proxy checks again before compiling, since a snapshot may be written past ingest.
 */
public final class RegexSize {

  /** Far above real route regexes (a{1,63} is about 130), far below what strains memory. */
  public static final long MAX_ESTIMATE = 10_000;
  private static final long SATURATED = 1L << 40;

  private RegexSize() {}

  /** The estimated compiled size of {@code regex}: atoms count 1, {@code x{n,m}} counts x times m (saturating). */
  public static long estimate(String regex) {
    Deque<Frame> frames = new ArrayDeque<>();
    Frame current = new Frame();
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i = skipEscape(regex, i, current);
        continue;
      }
      if (c == '[') {
        i = skipClass(regex, i);
        current.atom(1);
        continue;
      }
      if (c == '(') {
        frames.push(current);
        current = new Frame();
      } else if (c == ')' && !frames.isEmpty()) {
        long group = current.total + 1;
        current = frames.pop();
        current.atom(group);
      } else if (c == '|') {
        current.total = add(current.total, 1);
        current.last = 0;
      } else if (c == '{' && repeat(regex, i) >= 0) {
        long times = repeat(regex, i);
        current.total = add(current.total, multiply(current.last, Math.max(0, times - 1)));
        current.last = multiply(current.last, times);
        i = regex.indexOf('}', i) + 1;
        continue;
      } else if (c == '*' || c == '+' || c == '?') {
        current.total = add(current.total, 1);
      } else {
        current.atom(1);
      }
      i++;
    }
    while (!frames.isEmpty()) { // unbalanced: the compiler refuses it; the estimate only has to end
      long group = current.total + 1;
      current = frames.pop();
      current.atom(group);
    }
    return current.total;
  }

  /** The largest count of {@code {n}}, {@code {n,}} (n + 1) or {@code {n,m}} at {@code open}; -1 when it is a literal brace. */
  private static long repeat(String regex, int open) {
    int close = regex.indexOf('}', open);
    if (close < 0 || close - open > 12) {
      return -1;
    }
    String body = regex.substring(open + 1, close);
    int comma = body.indexOf(',');
    String min = comma < 0 ? body : body.substring(0, comma);
    String rest = comma < 0 ? "" : body.substring(comma + 1);
    if (min.isEmpty() || !digits(min) || !digits(rest)) {
      return -1;
    }
    if (comma < 0) {
      return Long.parseLong(body);
    }
    String max = body.substring(comma + 1);
    return max.isEmpty() ? Long.parseLong(body.substring(0, comma)) + 1 : Long.parseLong(max);
  }

  private static boolean digits(String text) {
    return text.length() <= 5 && text.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  private static int skipEscape(String regex, int i, Frame current) {
    if (i + 1 >= regex.length()) {
      return i + 1;
    }
    char next = regex.charAt(i + 1);
    if (next == 'Q') { // \Q...\E: every quoted character is an atom
      int end = regex.indexOf("\\E", i + 2);
      int stop = end < 0 ? regex.length() : end;
      for (int k = i + 2; k < stop; k++) {
        current.atom(1);
      }
      return end < 0 ? regex.length() : end + 2;
    }
    current.atom(1);
    if ((next == 'p' || next == 'P' || next == 'x') && i + 2 < regex.length() && regex.charAt(i + 2) == '{') {
      int close = regex.indexOf('}', i + 2);
      return close < 0 ? regex.length() : close + 1;
    }
    return i + 2;
  }

  private static int skipClass(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++; // a leading ] is a literal
    }
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':') {
        int close = regex.indexOf(":]", i + 2);
        i = close < 0 ? i + 1 : close + 2;
      } else if (c == ']') {
        return i + 1;
      } else {
        i++;
      }
    }
    return regex.length();
  }

  private static long add(long a, long b) {
    return Math.min(SATURATED, a + b);
  }

  private static long multiply(long a, long b) {
    return a == 0 || b == 0 ? 0 : (a > SATURATED / b ? SATURATED : Math.min(SATURATED, a * b));
  }

  /** The content of one group so far: its total size, and the size of its last atom (what a repetition copies). */
  private static final class Frame {
    long total;
    long last;

    void atom(long size) {
      total = add(total, size);
      last = size;
    }
  }
}
