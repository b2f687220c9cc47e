package dev.meshlog.telemetry.aggregate;

import dev.meshlog.avro.RequestTelemetry;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the aggregate needs of one request once its labels are in the key: the repartition topic's
 * value. 25 fixed bytes instead of the whole Avro record keeps the shuffle (which every request
 * crosses twice, per edge and per route) cheap; the event time travels as the record timestamp.
 */
public record Sample(long durationMicros, long requestBytes, long responseBytes, boolean error) {

  private static final int SIZE = 3 * Long.BYTES + 1;

  /** Istio's error: a 5xx answer, or a gRPC status other than OK. */
  public static Sample of(RequestTelemetry t) {
    String grpc = t.getGrpcResponseStatus();
    boolean error = t.getResponseCode() >= 500 || !(grpc.isEmpty() || "0".equals(grpc));
    return new Sample(t.getDurationMicros(), t.getRequestBytes(), t.getResponseBytes(), error);
  }

  public static Serde<Sample> serde() {
    Serializer<Sample> ser = (topic, s) -> s == null ? null : ByteBuffer.allocate(SIZE)
        .putLong(s.durationMicros).putLong(s.requestBytes).putLong(s.responseBytes)
        .put((byte) (s.error ? 1 : 0)).array();
    Deserializer<Sample> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new Sample(b.getLong(), b.getLong(), b.getLong(), b.get() != 0);
    };
    return Serdes.serdeFrom(ser, de);
  }
}
