package dev.meshlog.proxy.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a page in the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and
 * one {@code # TYPE} line per family, then its samples, label values and help text escaped as the
 * format requires. Names are checked here so a typo fails in a unit test, not in a scraper.
 */
public final class PrometheusText {

  /** The content type scrapers negotiate for this format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The metric types this page uses. */
  public enum Type { COUNTER, GAUGE }

  /** One sample: label pairs (in the given order) and a value. */
  public record Sample(Map<String, String> labels, double value) {}

  private final StringBuilder out = new StringBuilder(1024);

  /** A family without labels. */
  public PrometheusText family(String name, Type type, String help, double value) {
    return family(name, type, help, List.of(new Sample(Map.of(), value)));
  }

  /** A family with samples; a family without samples is left out (nothing to say about it). */
  public PrometheusText family(String name, Type type, String help, List<Sample> samples) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name " + name);
    }
    if (type == Type.COUNTER && !name.endsWith("_total")) {
      throw new IllegalArgumentException("counter " + name + " must end in _total");
    }
    if (samples.isEmpty()) {
      return this;
    }
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type.name().toLowerCase(Locale.ROOT)).append('\n');
    for (Sample sample : samples) {
      out.append(name);
      if (!sample.labels().isEmpty()) {
        List<String> pairs = new ArrayList<>(sample.labels().size());
        sample.labels().forEach((label, value) -> {
          if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
            throw new IllegalArgumentException("invalid label name " + label + " on " + name);
          }
          pairs.add(label + "=\"" + escapeLabelValue(value) + "\"");
        });
        out.append('{').append(String.join(",", pairs)).append('}');
      }
      out.append(' ').append(formatValue(sample.value())).append('\n');
    }
    return this;
  }

  public String render() {
    return out.toString();
  }

  /** Backslash, double quote and line feed are the three characters a label value must escape. */
  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Help text escapes backslash and line feed (a quote is literal there). */
  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** Whole numbers without a fraction (counters read better), and the format's spellings of the specials. */
  static String formatValue(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
