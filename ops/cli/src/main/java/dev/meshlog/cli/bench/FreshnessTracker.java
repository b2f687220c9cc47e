package dev.meshlog.cli.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Freshness of sequential requests: request {@code i} (1-based, in sending order) is visible at the
 * first scrape whose counter, less the baseline, is at least {@code i}; its freshness is that scrape's
 * time minus the time it was sent. Thread-safe: the sender and the poller call it concurrently.
 */
final class FreshnessTracker {

  private final long[] sentNanos;
  private final Histogram freshnessMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private int sent;
  private int visible;
  private long baseline = -1;

  FreshnessTracker(int capacity) {
    this.sentNanos = new long[capacity];
  }

  /** The counter before the measured requests (warm-up traffic and the like). */
  synchronized void baseline(long counter) {
    baseline = counter;
  }

  /**
   * A request about to be sent at {@code nanos}: registered before it goes out, because the proxy may
   * report it (and a scrape show it) before the sender sees the response.
   */
  synchronized void sending(long nanos) {
    sentNanos[sent++] = nanos;
  }

  /** The request just registered failed: the counter the benchmark reads will not count it. */
  synchronized void failed() {
    if (sent > visible) {
      sent--;
    }
  }

  /** A scrape completed at {@code nanos} showing {@code counter}. */
  synchronized void observed(long counter, long nanos) {
    if (baseline < 0) {
      throw new IllegalStateException("no baseline");
    }
    long shown = Math.min(counter - baseline, sent);
    while (visible < shown) {
      freshnessMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos - sentNanos[visible])));
      visible++;
    }
  }

  synchronized int sentCount() {
    return sent;
  }

  synchronized int visibleCount() {
    return visible;
  }

  synchronized double percentileMillis(double p) {
    return freshnessMicros.getValueAtPercentile(p) / 1000.0;
  }

  synchronized String report() {
    return String.format(Locale.ROOT, "requests %d, visible %d; freshness ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f",
        sent, visible, percentileMillis(50), percentileMillis(90), percentileMillis(99),
        freshnessMicros.getMaxValue() / 1000.0);
  }
}
