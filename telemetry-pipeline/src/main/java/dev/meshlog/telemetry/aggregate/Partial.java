package dev.meshlog.telemetry.aggregate;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The repartition topic's value: the requests of one label set that one input task saw in one window
 * (of size {@code windowSizeMs}) since its last commit, already folded. The record timestamp is the
 * latest event time among them, which lies inside the window, so the downstream windowed aggregate
 * puts the partial in that window and judges its lateness like a request of that time.
 */
public record Partial(long windowSizeMs, Accumulator accumulator) {

  public Partial {
    Objects.requireNonNull(accumulator, "accumulator");
  }

  /** The window size as 8 bytes, then {@link AccumulatorSerde}'s encoding. */
  public static Serde<Partial> serde() {
    Serializer<Partial> ser = (topic, p) -> {
      if (p == null) {
        return null;
      }
      byte[] acc = AccumulatorSerde.encode(p.accumulator);
      return ByteBuffer.allocate(Long.BYTES + acc.length).putLong(p.windowSizeMs).put(acc).array();
    };
    Deserializer<Partial> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      long size = b.getLong();
      byte[] acc = new byte[b.remaining()];
      b.get(acc);
      return new Partial(size, AccumulatorSerde.decode(acc));
    };
    return Serdes.serdeFrom(ser, de);
  }
}
