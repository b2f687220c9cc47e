package dev.meshlog.jmh;

import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.schemas.AvroSerde;
import dev.meshlog.telemetry.aggregate.Accumulator;
import dev.meshlog.telemetry.aggregate.AccumulatorSerde;
import dev.meshlog.telemetry.aggregate.RequestLabels;
import dev.meshlog.telemetry.aggregate.Sample;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The telemetry pipeline's per-request CPU, without Kafka's I/O: what its stream thread does for one
 * input record, step by step as the topology does it. 1,024 distinct requests over 40 edges, 4 codes,
 * a third on named routes, log-normal durations (median 5 ms).
 *
 * <ul>
 *   <li>{@code labelKeyAndSample}: decode the Avro record, build the edge (and route) label keys and the
 *       repartition value, serialize it (the source sub-topology).
 *   <li>{@code foldIntoWindows}: per key, for both window sizes, the window store's value round trip
 *       (deserialize the accumulator, add, serialize), as the DSL aggregate does against its cache.
 *   <li>{@code accumulatorAddOnly}: the add alone on a live object (histogram bucket + sums).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
public class AggregationFoldBenchmark {

  static final int REQUESTS = 1024;

  private final AvroSerde<RequestTelemetry> avro = new AvroSerde<>(RequestTelemetry.class);
  private final Serializer<Sample> sampleOut = Sample.serde().serializer();
  private final Deserializer<Sample> sampleIn = Sample.serde().deserializer();
  private final Serde<Accumulator> accumulators = new AccumulatorSerde();
  private final Map<String, byte[]> store = new HashMap<>();
  private final Accumulator live = new Accumulator();
  private byte[][] inputs;
  private String[][] keys;
  private Sample[] samples;
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    inputs = new byte[REQUESTS][];
    keys = new String[REQUESTS][];
    samples = new Sample[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      int edge = random.nextInt(40);
      RequestTelemetry t = RequestTelemetry.newBuilder()
          .setTime(Instant.parse("2025-01-01T00:00:00Z")).setReporter(Reporter.SOURCE).setReporterProxy("source-" + edge % 8)
          .setSourceWorkload("source-" + edge % 8).setSourceNamespace("default")
          .setSourcePrincipal("spiffe://cluster.local/ns/default/sa/source-" + edge % 8)
          .setDestinationService("svc-" + edge + ".default.svc.cluster.local").setDestinationWorkload("svc-" + edge + "-v1")
          .setDestinationPrincipal("spiffe://cluster.local/ns/default/sa/svc-" + edge).setConnectionSecurityPolicy("mutual_tls")
          .setRouteName(i % 3 == 0 ? "route-" + edge : "")
          .setResponseCode(random.nextInt(4) == 0 ? 503 : 200)
          .setDurationMicros(Math.max(1, (long) Math.exp(Math.log(5_000) + gaussian(random))))
          .build();
      inputs[i] = avro.encode(t);
      keys[i] = t.getRouteName().isEmpty()
          ? new String[] {RequestLabels.edgeOf(t).key()}
          : new String[] {RequestLabels.edgeOf(t).key(), RequestLabels.routeOf(t).key()};
      samples[i] = Sample.of(t);
    }
    // A warm store: each key already holds a window's worth of durations.
    for (int i = 0; i < 200_000; i++) {
      foldIntoWindows();
    }
    if (store.isEmpty() || accumulators.deserializer().deserialize("", store.values().iterator().next()).count() == 0) {
      throw new IllegalStateException("fold wrote nothing");
    }
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Benchmark
  public int labelKeyAndSample() {
    RequestTelemetry t = avro.decode(inputs[next++ & (REQUESTS - 1)]);
    Sample s = Sample.of(t);
    int bytes = RequestLabels.edgeOf(t).key().length() + sampleOut.serialize("", s).length;
    if (!t.getRouteName().isEmpty()) {
      bytes += RequestLabels.routeOf(t).key().length();
    }
    return bytes;
  }

  @Benchmark
  public int foldIntoWindows() {
    int i = next++ & (REQUESTS - 1);
    int written = 0;
    for (String key : keys[i]) {
      Sample s = sampleIn.deserialize("", sampleOut.serialize("", samples[i]));
      for (String window : new String[] {"@10000", "@60000"}) {
        String storeKey = key + window;
        byte[] old = store.get(storeKey);
        Accumulator acc = old == null ? new Accumulator() : accumulators.deserializer().deserialize("", old);
        byte[] updated = accumulators.serializer().serialize("", acc.add(s));
        store.put(storeKey, updated);
        written += updated.length;
      }
    }
    return written;
  }

  @Benchmark
  public long accumulatorAddOnly() {
    return live.add(samples[next++ & (REQUESTS - 1)]).count();
  }
}
