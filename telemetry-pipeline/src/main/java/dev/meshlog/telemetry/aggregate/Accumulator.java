package dev.meshlog.telemetry.aggregate;

import dev.meshlog.telemetry.histogram.DurationHistograms;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * The window store's value: sums plus the duration histogram kept sparse, as sorted
 * (bucket value, count) pairs. Kafka Streams' store stack (cache, changelog) holds serialized bytes,
 * so the aggregator deserializes and serializes its value on every record; a full HdrHistogram
 * (~190 KB of counts for 1 µs..1 h at 3 digits) would be allocated and copied per request. The pairs
 * are the same information: {@link #histogram()} replays them into an HdrHistogram bit for bit
 * (each pair is already its bucket's lowest equivalent value), once per emitted update.
 *
 * <p>Mutable on purpose: the aggregator receives a freshly deserialized instance each time, and the
 * pre-aggregation buffer ({@link PartialBuffer}) folds requests into live instances.
 */
public final class Accumulator {

  long count;
  long errors;
  long durationSum;
  long requestBytesSum;
  long responseBytesSum;
  long[] buckets;
  long[] counts;
  int size;

  public Accumulator() {
    this(new long[8], new long[8], 0);
  }

  Accumulator(long[] buckets, long[] counts, int size) {
    this.buckets = buckets;
    this.counts = counts;
    this.size = size;
  }

  public Accumulator add(Sample s) {
    count++;
    if (s.error()) {
      errors++;
    }
    durationSum += s.durationMicros();
    requestBytesSum += s.requestBytes();
    responseBytesSum += s.responseBytes();
    record(DurationHistograms.bucketOf(s.durationMicros()), 1);
    return this;
  }

  /**
   * Adds another accumulator's counts, sums and buckets: exact, so partial accumulators merged in any
   * order equal one accumulator fed every sample (pre-aggregation relies on it).
   */
  public Accumulator merge(Accumulator other) {
    count += other.count;
    errors += other.errors;
    durationSum += other.durationSum;
    requestBytesSum += other.requestBytesSum;
    responseBytesSum += other.responseBytesSum;
    for (int i = 0; i < other.size; i++) {
      record(other.buckets[i], other.counts[i]);
    }
    return this;
  }

  void record(long bucket, long n) {
    int i = Arrays.binarySearch(buckets, 0, size, bucket);
    if (i >= 0) {
      counts[i] += n;
      return;
    }
    int at = -i - 1;
    if (size == buckets.length) {
      buckets = Arrays.copyOf(buckets, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    System.arraycopy(buckets, at, buckets, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    buckets[at] = bucket;
    counts[at] = n;
    size++;
  }

  public Histogram histogram() {
    return replayInto(DurationHistograms.create());
  }

  /** Replays the pairs into {@code h} after resetting it: lets a caller reuse one ~190 KB histogram. */
  public Histogram replayInto(Histogram h) {
    h.reset();
    for (int i = 0; i < size; i++) {
      h.recordValueWithCount(buckets[i], counts[i]);
    }
    return h;
  }

  public long count() {
    return count;
  }

  public long errors() {
    return errors;
  }

  public long durationSum() {
    return durationSum;
  }

  public long requestBytesSum() {
    return requestBytesSum;
  }

  public long responseBytesSum() {
    return responseBytesSum;
  }

  /** Distinct duration buckets seen: what one store value costs to (de)serialize. */
  public int bucketCount() {
    return size;
  }
}
