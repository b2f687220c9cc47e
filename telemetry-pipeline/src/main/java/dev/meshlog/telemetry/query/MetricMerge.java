package dev.meshlog.telemetry.query;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.histogram.DurationHistograms;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import org.HdrHistogram.Histogram;

/**
 * Merges {@link RequestMetric}s (the same labels over several windows, or the same window from
 * several pipeline instances, or a whole group of label sets a reader wants as one row) into one:
 * counts and sums add, the window becomes the span of the inputs, and the duration histograms merge
 * with {@link Histogram#add}, which is exact because every producer uses the same shape
 * ({@link DurationHistograms}). Percentiles of the result are therefore those of the raw durations
 * to HdrHistogram's 3 significant digits, however the inputs were split. Pure; not thread-safe.
 */
public final class MetricMerge {

  private final Histogram histogram = DurationHistograms.create();
  private RequestMetric first;
  private long count;
  private long errors;
  private long durationSum;
  private long requestBytes;
  private long responseBytes;
  private Instant start;
  private Instant end;

  public static MetricMerge of(Collection<RequestMetric> metrics) {
    MetricMerge merge = new MetricMerge();
    metrics.forEach(merge::add);
    return merge;
  }

  public MetricMerge add(RequestMetric m) {
    if (first == null) {
      first = m;
      start = m.getWindowStart();
      end = m.getWindowEnd();
    } else {
      start = m.getWindowStart().isBefore(start) ? m.getWindowStart() : start;
      end = m.getWindowEnd().isAfter(end) ? m.getWindowEnd() : end;
    }
    count += m.getRequestCount();
    errors += m.getErrorCount();
    durationSum += m.getDurationMicrosSum();
    requestBytes += m.getRequestBytesSum();
    responseBytes += m.getResponseBytesSum();
    if (m.getDurationHistogram() != null && m.getDurationHistogram().remaining() > 0) {
      histogram.add(DurationHistograms.decode(m.getDurationHistogram()));
    }
    return this;
  }

  public long count() {
    return count;
  }

  public long errorCount() {
    return errors;
  }

  public long durationMicrosSum() {
    return durationSum;
  }

  /** Durations recorded in the merged histogram (less than {@link #count()} only for pre-histogram metrics). */
  public long histogramCount() {
    return histogram.getTotalCount();
  }

  /**
   * The duration at a percentile (0..100) in microseconds: the highest value equivalent to the
   * bucket holding it, so within 0.1 % of the raw value. {@code -1} when nothing was recorded.
   */
  public long percentileMicros(double percentile) {
    return histogram.getTotalCount() == 0 ? -1 : histogram.getValueAtPercentile(percentile);
  }

  /** A copy of the merged histogram. */
  public Histogram histogram() {
    return histogram.copy();
  }

  /**
   * The merged record: the first input's labels, the span of the windows, the sums and the merged
   * histogram. {@code windowSizeMs} is kept when all inputs share it (else the span's length).
   *
   * @throws IllegalStateException if nothing was added
   */
  public RequestMetric toMetric() {
    if (first == null) {
      throw new IllegalStateException("no metric to merge");
    }
    return RequestMetric.newBuilder(first)
        .setWindowStart(start).setWindowEnd(end)
        .setWindowSizeMs(end.toEpochMilli() - start.toEpochMilli() == first.getWindowSizeMs()
            ? first.getWindowSizeMs() : end.toEpochMilli() - start.toEpochMilli())
        .setRequestCount(count).setErrorCount(errors).setDurationMicrosSum(durationSum)
        .setRequestBytesSum(requestBytes).setResponseBytesSum(responseBytes)
        .setDurationHistogram(ByteBuffer.wrap(DurationHistograms.encode(histogram)))
        .build();
  }
}
