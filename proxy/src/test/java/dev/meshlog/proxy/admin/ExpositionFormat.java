package dev.meshlog.proxy.admin;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4), line by line, for tests: every line is a
 * HELP, a TYPE or a sample; a family is typed once, before its samples; counters end in
 * {@code _total}; label values use only the three escapes. Returns {@code name{labels}} -> value.
 */
public final class ExpositionFormat {

  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (?:[^\\\\\\n]|\\\\[\\\\n])*");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:" + LABEL + ")(?:," + LABEL + ")*\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

  private ExpositionFormat() {}

  public static Map<String, Double> parse(String page) {
    if (!page.isEmpty() && !page.endsWith("\n")) {
      throw new AssertionError("the page must end with a line feed");
    }
    Map<String, String> types = new LinkedHashMap<>();
    Set<String> helped = new HashSet<>();
    Map<String, Double> samples = new LinkedHashMap<>();
    int number = 0;
    for (String line : page.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = HELP.matcher(line)).matches()) {
        if (!helped.add(m.group(1))) {
          throw new AssertionError("line " + number + ": second HELP for " + m.group(1));
        }
      } else if ((m = TYPE.matcher(line)).matches()) {
        if (types.put(m.group(1), m.group(2)) != null) {
          throw new AssertionError("line " + number + ": second TYPE for " + m.group(1));
        }
        if (m.group(2).equals("counter") && !m.group(1).endsWith("_total")) {
          throw new AssertionError("line " + number + ": counter " + m.group(1) + " does not end in _total");
        }
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        if (!types.containsKey(m.group(1))) {
          throw new AssertionError("line " + number + ": sample of untyped family " + m.group(1));
        }
        String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
        if (samples.put(key, Double.parseDouble(m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"))) != null) {
          throw new AssertionError("line " + number + ": duplicate sample " + key);
        }
      } else {
        throw new AssertionError("line " + number + " is not in the exposition format: " + line);
      }
    }
    return samples;
  }
}
