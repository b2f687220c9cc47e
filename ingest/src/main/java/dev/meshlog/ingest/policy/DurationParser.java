package dev.meshlog.ingest.policy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Istio durations ({@code google.protobuf.Duration} as Istio's YAML writes them, Go syntax):
 * {@code 1.5s}, {@code 250ms}, {@code 1m}, {@code 2h}, {@code 1h30m}. The wire carries whole
 * milliseconds, so a finer duration is refused rather than rounded.
 */
final class DurationParser {

  private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
      "ns", BigDecimal.ONE,
      "us", BigDecimal.valueOf(1_000L),
      "µs", BigDecimal.valueOf(1_000L),
      "ms", BigDecimal.valueOf(1_000_000L),
      "s", BigDecimal.valueOf(1_000_000_000L),
      "m", BigDecimal.valueOf(60_000_000_000L),
      "h", BigDecimal.valueOf(3_600_000_000_000L));
  private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);
  private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Long.MAX_VALUE);

  private DurationParser() {}

  /** Milliseconds of {@code text}; throws IllegalArgumentException saying what is wrong. */
  static long toMillis(String text) {
    if (text.startsWith("-")) {
      throw new IllegalArgumentException("'" + text + "' is negative; a duration must be >= 0");
    }
    if (text.equals("0")) {
      return 0; // Go's only unit-less duration
    }
    Matcher part = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < text.length()) {
      if (!part.find(position) || part.start() != position) {
        throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 1.5s, 250ms, 1m or 2h");
      }
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(NANOS_PER_UNIT.get(part.group(2))));
      position = part.end();
    }
    if (position == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 1.5s, 250ms, 1m or 2h");
    }
    BigDecimal millis = nanos.divide(NANOS_PER_MILLI);
    if (millis.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("'" + text + "' is finer than a millisecond, Meshlog's precision");
    }
    if (millis.compareTo(MAX_MILLIS) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too long");
    }
    return millis.longValueExact();
  }
}
