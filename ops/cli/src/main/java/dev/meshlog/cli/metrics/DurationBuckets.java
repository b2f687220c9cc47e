package dev.meshlog.cli.metrics;

import java.util.List;
import org.HdrHistogram.Histogram;

/** Istio's default buckets of istio_request_duration_milliseconds, filled from a microsecond HdrHistogram. */
final class DurationBuckets {

  /** Upper bounds in milliseconds, without +Inf. */
  static final List<Double> ISTIO_MS = List.of(0.5, 1.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0,
      5000.0, 10000.0, 30000.0, 60000.0, 300000.0, 600000.0, 1800000.0, 3600000.0);

  private DurationBuckets() {}

  /**
   * Cumulative counts per bound (same order as {@link #ISTIO_MS}). A count never exceeds
   * {@code total}, the request count, so the buckets stay consistent with {@code _count} even when a
   * histogram was missing for some window; HdrHistogram's 3 digits put a value within 0.1% of a
   * bound in the bucket of either side.
   */
  static long[] cumulative(Histogram h, long total) {
    long[] counts = new long[ISTIO_MS.size()];
    for (int i = 0; i < counts.length; i++) {
      long boundMicros = Math.round(ISTIO_MS.get(i) * 1000);
      long below = h.getTotalCount() == 0 ? 0 : h.getCountBetweenValues(0, boundMicros);
      counts[i] = Math.min(total, below);
    }
    return counts;
  }
}
