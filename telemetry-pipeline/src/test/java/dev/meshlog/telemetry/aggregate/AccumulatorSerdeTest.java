package dev.meshlog.telemetry.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AccumulatorSerdeTest {

  @Test
  void shouldRoundTripSumsAndEveryBucket() {
    Random random = new Random(7);
    Accumulator a = new Accumulator();
    for (int i = 0; i < 5_000; i++) {
      a.add(new Sample(1 + (long) (random.nextDouble() * random.nextDouble() * 30_000_000), i, 2L * i, i % 7 == 0));
    }
    var serde = new AccumulatorSerde();

    Accumulator back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", a));

    assertEquals(a.count(), back.count());
    assertEquals(a.errors(), back.errors());
    assertEquals(a.durationSum(), back.durationSum());
    assertEquals(a.requestBytesSum(), back.requestBytesSum());
    assertEquals(a.responseBytesSum(), back.responseBytesSum());
    assertEquals(a.histogram(), back.histogram());
    assertEquals(a.bucketCount(), back.bucketCount());
  }

  @Test
  void shouldKeepCountingAfterADecode() {
    var serde = new AccumulatorSerde();
    Accumulator a = new Accumulator().add(new Sample(1_000, 0, 0, false));
    Accumulator back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", a));

    back.add(new Sample(1_000, 0, 0, false)).add(new Sample(500, 0, 0, false));

    assertEquals(3, back.histogram().getTotalCount());
    assertEquals(2, back.bucketCount());
  }
}
