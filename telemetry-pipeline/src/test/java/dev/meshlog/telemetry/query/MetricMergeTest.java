package dev.meshlog.telemetry.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.aggregate.Accumulator;
import dev.meshlog.telemetry.aggregate.Sample;
import dev.meshlog.telemetry.histogram.DurationHistograms;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MetricMergeTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /**
   * 200,000 log-normal durations (median ~5 ms, long tail to seconds) split at random over 60 windows
   * and 3 pipeline instances, folded by the pipeline's own accumulator, then merged: the percentiles
   * must match the raw values' within 1 %, and the histogram must equal one built from all values.
   */
  @Test
  void shouldMergeWindowsAndInstancesExactlyAndMatchRawPercentilesWithinOnePercent() {
    Random random = new Random(42);
    long[] raw = new long[200_000];
    Accumulator[] parts = new Accumulator[180];
    Arrays.setAll(parts, i -> new Accumulator());
    Histogram whole = DurationHistograms.create();
    for (int i = 0; i < raw.length; i++) {
      raw[i] = Math.max(1, (long) Math.exp(Math.log(5_000) + 1.2 * random.nextGaussian()));
      parts[random.nextInt(parts.length)].add(new Sample(raw[i], 0, 0, false));
      whole.recordValue(raw[i]);
    }
    List<RequestMetric> metrics = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      metrics.add(metric(T0.plusSeconds(10L * (i % 60)), parts[i]));
    }

    MetricMerge merge = MetricMerge.of(metrics);

    Arrays.sort(raw);
    for (double p : new double[] {50, 90, 99, 99.9}) {
      long exact = raw[(int) Math.ceil(p / 100 * raw.length) - 1];
      assertEquals(exact, merge.percentileMicros(p), exact * 0.01, "p" + p);
    }
    assertEquals(whole, merge.histogram(), "merging is exact: same counts in every bucket");
    assertEquals(raw.length, merge.count());
    assertEquals(Arrays.stream(raw).sum(), merge.durationMicrosSum());
    RequestMetric merged = merge.toMetric();
    assertEquals(T0, merged.getWindowStart());
    assertEquals(T0.plusSeconds(600), merged.getWindowEnd());
    assertEquals(whole, DurationHistograms.decode(merged.getDurationHistogram()));
  }

  @Test
  void shouldKeepWindowSizeWhenMergingInstancesOfOneWindow() {
    Accumulator a = new Accumulator().add(new Sample(1_000, 1, 2, true));
    Accumulator b = new Accumulator().add(new Sample(3_000, 1, 2, false));

    RequestMetric merged = MetricMerge.of(List.of(metric(T0, a), metric(T0, b))).toMetric();

    assertEquals(10_000, merged.getWindowSizeMs());
    assertEquals(2, merged.getRequestCount());
    assertEquals(1, merged.getErrorCount());
    assertEquals(2, merged.getRequestBytesSum());
    assertEquals(4, merged.getResponseBytesSum());
  }

  @Test
  void shouldRecordDurationsBeyondOneHourAsOneHour() {
    Accumulator a = new Accumulator().add(new Sample(10_000_000_000L, 0, 0, false));

    assertEquals(DurationHistograms.HIGHEST_MICROS, MetricMerge.of(List.of(metric(T0, a))).percentileMicros(100),
        DurationHistograms.HIGHEST_MICROS * 0.001);
  }

  @Test
  void shouldRefuseToBuildAMetricFromNothing() {
    assertThrows(IllegalStateException.class, () -> new MetricMerge().toMetric());
    assertEquals(-1, new MetricMerge().percentileMicros(50));
  }

  static RequestMetric metric(Instant start, Accumulator acc) {
    return RequestMetric.newBuilder()
        .setSourceWorkload("productpage").setSourceNamespace("default")
        .setDestinationService("reviews.default.svc.cluster.local").setDestinationWorkload("reviews-v1")
        .setResponseCode(200).setWindowStart(start).setWindowEnd(start.plusSeconds(10)).setWindowSizeMs(10_000)
        .setRequestCount(acc.count()).setErrorCount(acc.errors()).setDurationMicrosSum(acc.durationSum())
        .setRequestBytesSum(acc.requestBytesSum()).setResponseBytesSum(acc.responseBytesSum())
        .setDurationHistogram(ByteBuffer.wrap(DurationHistograms.encode(acc.histogram())))
        .build();
  }
}
