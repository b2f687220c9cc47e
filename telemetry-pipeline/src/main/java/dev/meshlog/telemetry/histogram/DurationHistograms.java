package dev.meshlog.telemetry.histogram;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The one histogram shape of Meshlog's request durations: microseconds, 3 significant digits
 * (0.1 % value resolution), values from 1 µs to 1 hour. Every producer uses the same shape, so any two
 * histograms merge with {@link Histogram#add} without rebucketing: that is what makes a merge across
 * windows and pipeline instances exact. Longer durations are recorded as 1 hour (counted, not lost).
 */
public final class DurationHistograms {

  public static final long LOWEST_MICROS = 1;
  public static final long HIGHEST_MICROS = 3_600_000_000L;
  public static final int SIGNIFICANT_DIGITS = 3;

  /** Pure once built: used only for its bucket arithmetic, never recorded into. */
  private static final Histogram SHAPE = create();

  private DurationHistograms() {}

  public static Histogram create() {
    return new Histogram(LOWEST_MICROS, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  }

  /** The value a duration is recorded as: clamped to the trackable range, then its bucket's lowest. */
  public static long bucketOf(long micros) {
    long clamped = Math.max(LOWEST_MICROS, Math.min(HIGHEST_MICROS, micros));
    return SHAPE.lowestEquivalentValue(clamped);
  }

  /** The compression target, reused per thread: sized for the worst case (~190 KB), used for ~100s of bytes. */
  private static final ThreadLocal<ByteBuffer> TARGET = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

  public static byte[] encode(Histogram h) {
    int needed = h.getNeededByteBufferCapacity();
    ByteBuffer buffer = TARGET.get();
    if (buffer.capacity() < needed) {
      buffer = ByteBuffer.allocate(needed);
      TARGET.set(buffer);
    }
    buffer.clear();
    // DEFLATE at its fastest level: the same format for every reader (decodeFromCompressedByteBuffer
    // inflates any level); the pipeline encodes once per emitted update, ~10 times a second per key.
    int length = h.encodeIntoCompressedByteBuffer(buffer, java.util.zip.Deflater.BEST_SPEED);
    byte[] out = new byte[length];
    buffer.flip();
    buffer.get(out);
    return out;
  }

  /** An empty byte array (a metric from before histograms) decodes to an empty histogram. */
  public static Histogram decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return create();
    }
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), HIGHEST_MICROS);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("durationHistogram is not a compressed HdrHistogram: " + e.getMessage(), e);
    }
  }

  public static Histogram decode(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return decode(copy);
  }
}
