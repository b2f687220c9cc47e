package dev.meshlog.cli.metrics;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** RequestMetric's durationHistogram: HdrHistogram compressed bytes of durations in microseconds. */
final class Histograms {

  private Histograms() {}

  /** An empty auto-resizing histogram with the pipeline's 3 significant digits. */
  static Histogram empty() {
    return new Histogram(3);
  }

  /**
   * Decodes a window's histogram; empty bytes (pipelines from before histograms) give an empty one.
   *
   * @throws IllegalArgumentException naming the reason when the bytes are not a compressed histogram
   */
  static Histogram decode(ByteBuffer bytes) {
    if (bytes == null || !bytes.hasRemaining()) {
      return empty();
    }
    try {
      Histogram decoded = Histogram.decodeFromCompressedByteBuffer(bytes.duplicate(), 0);
      Histogram resizable = empty();
      resizable.add(decoded);
      return resizable;
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("durationHistogram: not an HdrHistogram compressed encoding: " + e.getMessage(), e);
    }
  }

  /** {@code a + b} as a new histogram; neither input changes. */
  static Histogram merged(Histogram a, Histogram b) {
    Histogram sum = empty();
    sum.add(a);
    sum.add(b);
    return sum;
  }

  /**
   * A percentile in milliseconds, or 0 with no samples. HdrHistogram answers with the top of the
   * value's bucket; the bucket's middle halves the error (still within 0.1% at 3 digits).
   */
  static double percentileMillis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.medianEquivalentValue(h.getValueAtPercentile(percentile)) / 1000.0;
  }
}
