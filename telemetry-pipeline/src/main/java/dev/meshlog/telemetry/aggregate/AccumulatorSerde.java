package dev.meshlog.telemetry.aggregate;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Store and changelog format of {@link Accumulator}: a version byte, five sums, the pair count, then
 * the (bucket, count) pairs with buckets delta-encoded, all as unsigned LEB128 varints. Internal to the
 * pipeline (only its own changelog holds it), so it may change with a version bump.
 */
public final class AccumulatorSerde implements Serde<Accumulator> {

  private static final byte VERSION = 1;

  @Override
  public Serializer<Accumulator> serializer() {
    return (topic, a) -> a == null ? null : encode(a);
  }

  @Override
  public Deserializer<Accumulator> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  static byte[] encode(Accumulator a) {
    ByteBuffer b = ByteBuffer.allocate(1 + 10 * 6 + a.size * 20);
    b.put(VERSION);
    putVarLong(b, a.count);
    putVarLong(b, a.errors);
    putVarLong(b, a.durationSum);
    putVarLong(b, a.requestBytesSum);
    putVarLong(b, a.responseBytesSum);
    putVarLong(b, a.size);
    long previous = 0;
    for (int i = 0; i < a.size; i++) {
      putVarLong(b, a.buckets[i] - previous);
      putVarLong(b, a.counts[i]);
      previous = a.buckets[i];
    }
    byte[] out = new byte[b.position()];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  static Accumulator decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.get() != VERSION) {
      throw new SerializationException("unknown accumulator version " + bytes[0]);
    }
    long count = getVarLong(b);
    long errors = getVarLong(b);
    long durationSum = getVarLong(b);
    long requestBytes = getVarLong(b);
    long responseBytes = getVarLong(b);
    int size = (int) getVarLong(b);
    // Room for one more bucket: the aggregator usually adds one right away.
    long[] buckets = new long[size + 1];
    long[] counts = new long[size + 1];
    long previous = 0;
    for (int i = 0; i < size; i++) {
      previous += getVarLong(b);
      buckets[i] = previous;
      counts[i] = getVarLong(b);
    }
    Accumulator a = new Accumulator(buckets, counts, size);
    a.count = count;
    a.errors = errors;
    a.durationSum = durationSum;
    a.requestBytesSum = requestBytes;
    a.responseBytesSum = responseBytes;
    return a;
  }

  private static void putVarLong(ByteBuffer b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.put((byte) v);
  }

  private static long getVarLong(ByteBuffer b) {
    long v = 0;
    int shift = 0;
    byte in;
    do {
      in = b.get();
      v |= (long) (in & 0x7F) << shift;
      shift += 7;
    } while (in < 0);
    return v;
  }
}
