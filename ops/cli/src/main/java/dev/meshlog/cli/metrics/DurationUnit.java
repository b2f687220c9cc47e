package dev.meshlog.cli.metrics;

/**
 * The unit of the request duration histogram on /metrics. Istio's name is in milliseconds, which
 * promtool's linter flags ("use base unit seconds"); {@code /metrics?duration_unit=seconds} serves
 * the same histogram as {@code meshlog_request_duration_seconds} for scrapers that lint strictly.
 */
enum DurationUnit {
  MILLISECONDS("meshlog_request_duration_milliseconds", 1.0),
  SECONDS("meshlog_request_duration_seconds", 1000.0);

  final String metricName;
  /** How many milliseconds one unit is. */
  final double millis;

  DurationUnit(String metricName, double millis) {
    this.metricName = metricName;
    this.millis = millis;
  }

  /** Parses the {@code duration_unit} query parameter; the message names it and the allowed values. */
  static DurationUnit parse(String value) {
    if (value == null || value.isEmpty() || value.equals("milliseconds")) {
      return MILLISECONDS;
    }
    if (value.equals("seconds")) {
      return SECONDS;
    }
    throw new IllegalArgumentException("duration_unit: must be milliseconds or seconds, got '" + value + "'");
  }
}
