package dev.meshlog.telemetry.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.telemetry.histogram.DurationHistograms;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class AccumulatorTest {

  @Test
  void shouldMergeIntoTheSameAccumulatorAsFeedingEverySampleWithPercentilesWithinOnePercentOfRaw() {
    Random random = new Random(7);
    Accumulator all = new Accumulator();
    Accumulator merged = new Accumulator();
    Histogram raw = new Histogram(3);
    for (int part = 0; part < 50; part++) {
      Accumulator partial = new Accumulator();
      for (int i = 0; i < 2_000; i++) {
        long micros = 1 + (long) Math.exp(Math.log(5_000) + random.nextGaussian());
        Sample s = new Sample(micros, i, 2 * i, i % 11 == 0);
        partial.add(s);
        all.add(s);
        raw.recordValue(micros);
      }
      merged.merge(partial);
    }

    PartialBufferTest.assertSameAggregate(all, merged, "merged");
    Histogram h = merged.histogram();
    for (double p : new double[] {50, 90, 99}) {
      double expected = raw.getValueAtPercentile(p);
      assertEquals(expected, h.getValueAtPercentile(p), expected * 0.01, "p" + p);
    }
    assertEquals(100_000, DurationHistograms.decode(DurationHistograms.encode(h)).getTotalCount());
  }
}
