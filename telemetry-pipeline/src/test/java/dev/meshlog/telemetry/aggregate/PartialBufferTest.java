package dev.meshlog.telemetry.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PartialBufferTest {

  static final long[] SIZES = {10_000, 60_000};
  static final List<String> LABELS = List.of("a|x", "b|y", "c|z");

  /**
   * Requests with shuffled-ish event times, drained at random points (as commits and the size bound
   * would), then the partials merged per window: equal, sums and histogram, to one accumulator per
   * window fed every sample directly.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1_000})
  void shouldMergeDrainedPartialsIntoExactlyTheDirectAggregate(long seed) {
    Random random = new Random(seed);
    PartialBuffer buffer = new PartialBuffer(SIZES);
    Map<String, Accumulator> direct = new HashMap<>();
    Map<String, Accumulator> merged = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String labels = LABELS.get(random.nextInt(LABELS.size()));
      // mostly advancing event time with some records up to 15 s late
      long time = i * 10L - (random.nextInt(10) == 0 ? random.nextInt(15_000) : 0) + 1_000_000;
      Sample s = new Sample(1 + (long) Math.exp(8 + random.nextGaussian() * 2), random.nextInt(500),
          random.nextInt(5_000), random.nextInt(7) == 0);
      buffer.add(labels, time, s);
      for (long size : SIZES) {
        direct.computeIfAbsent(key(labels, size, time), k -> new Accumulator()).add(s);
      }
      if (random.nextInt(500) == 0) {
        drainInto(buffer, merged);
      }
    }
    drainInto(buffer, merged);

    assertEquals(direct.keySet(), merged.keySet());
    direct.forEach((k, expected) -> assertSameAggregate(expected, merged.get(k), k));
    assertEquals(0, buffer.partials());
  }

  @Test
  void shouldDrainOldestEventTimeFirstSoDownstreamStreamTimeAdvancesInOrder() {
    PartialBuffer buffer = new PartialBuffer(SIZES);
    buffer.add("a", 75_000, sample(1));
    buffer.add("b", 5_000, sample(2));
    buffer.add("a", 12_000, sample(3)); // retires a's 75 s partials: another window
    buffer.add("c", 33_000, sample(4));

    List<PartialBuffer.Drained> drained = buffer.drain();

    List<Long> times = drained.stream().map(PartialBuffer.Drained::maxTime).toList();
    List<Long> sorted = new ArrayList<>(times);
    sorted.sort(null);
    assertEquals(sorted, times);
    assertEquals(8, drained.size(), "4 requests in distinct windows x 2 sizes");
    assertTrue(drained.stream().allMatch(d -> d.partial().accumulator().count() == 1));
  }

  @Test
  void shouldKeepOnePartialPerLabelSetAndWindowWhileEventTimeStaysInIt() {
    PartialBuffer buffer = new PartialBuffer(SIZES);
    for (int i = 0; i < 1_000; i++) {
      buffer.add("a", 20_000 + i, sample(i + 1));
    }
    assertEquals(2, buffer.partials(), "one 10 s and one 1 min partial");
    List<PartialBuffer.Drained> drained = buffer.drain();
    assertEquals(1_000, drained.get(0).partial().accumulator().count());
    assertEquals(20_999, drained.get(0).maxTime(), "the latest event time: inside the window");
  }

  @Test
  void shouldForgetEverythingOnClearBecauseTheInputIsReplayed() {
    PartialBuffer buffer = new PartialBuffer(SIZES);
    buffer.add("a", 1_000, sample(5));
    buffer.clear();
    assertEquals(0, buffer.partials());
    assertTrue(buffer.drain().isEmpty());
  }

  static void assertSameAggregate(Accumulator expected, Accumulator actual, String what) {
    assertEquals(expected.count(), actual.count(), what);
    assertEquals(expected.errors(), actual.errors(), what);
    assertEquals(expected.durationSum(), actual.durationSum(), what);
    assertEquals(expected.requestBytesSum(), actual.requestBytesSum(), what);
    assertEquals(expected.responseBytesSum(), actual.responseBytesSum(), what);
    assertEquals(expected.histogram(), actual.histogram(), what);
  }

  private static void drainInto(PartialBuffer buffer, Map<String, Accumulator> merged) {
    for (PartialBuffer.Drained d : buffer.drain()) {
      // through the repartition topic's serde, as in the topology
      var serde = Partial.serde();
      Partial p = serde.deserializer().deserialize("t", serde.serializer().serialize("t", d.partial()));
      merged.computeIfAbsent(key(d.labels(), p.windowSizeMs(), d.maxTime()), k -> new Accumulator())
          .merge(p.accumulator());
    }
  }

  private static String key(String labels, long size, long time) {
    return labels + "#" + size + "@" + (time - Math.floorMod(time, size));
  }

  private static Sample sample(long micros) {
    return new Sample(micros, 1, 2, false);
  }
}
