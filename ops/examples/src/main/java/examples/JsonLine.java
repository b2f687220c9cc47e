package examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record as one JSON line: where it is ({@code topic, partition, offset, timestamp}), its key, the
 * writer schema's fingerprint and name, and the value in Avro's JSON encoding (unions as {@code {"type": v}},
 * timestamps as epoch ms), which Avro's {@code JsonDecoder} reads back. Hand-written so the example needs
 * nothing but Kafka and Avro.
 */
final class JsonLine {

  private JsonLine() {}

  static String of(ConsumerRecord<byte[], byte[]> record, SingleObjectDecoder.Decoded decoded, String catalogTopic) {
    StringBuilder line = new StringBuilder("{");
    line.append("\"topic\":").append(quote(record.topic()))
        .append(",\"partition\":").append(record.partition())
        .append(",\"offset\":").append(record.offset())
        .append(",\"timestamp\":").append(record.timestamp())
        .append(",\"key\":").append(record.key() == null ? "null" : quote(new String(record.key(), StandardCharsets.UTF_8)));
    if (decoded instanceof SingleObjectDecoder.Decoded.Record r) {
      line.append(",\"fingerprint\":").append(quote(SchemaCatalog.hex(r.fingerprint())))
          .append(",\"schema\":").append(quote(r.schema().getFullName()))
          .append(",\"value\":").append(avroJson(r.value()));
    } else if (decoded instanceof SingleObjectDecoder.Decoded.Tombstone) {
      line.append(",\"value\":null");
    } else if (decoded instanceof SingleObjectDecoder.Decoded.UnknownFingerprint u) {
      String hex = SchemaCatalog.hex(u.fingerprint());
      line.append(",\"fingerprint\":").append(quote(hex))
          .append(",\"error\":").append(quote("unknown schema fingerprint " + hex + ": not in the catalog topic " + catalogTopic));
    } else if (decoded instanceof SingleObjectDecoder.Decoded.Malformed m) {
      line.append(",\"error\":").append(quote(m.reason()));
    }
    return line.append('}').toString();
  }

  static String avroJson(GenericRecord value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(value.getSchema(), bytes);
      new GenericDatumWriter<GenericRecord>(value.getSchema()).write(value, encoder);
      encoder.flush();
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
