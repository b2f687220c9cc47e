package dev.meshlog.cli.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * One exported record as one JSON line:
 * {@code {"topic","partition","offset","timestamp","key","value"}}. The value is the record in
 * Avro's JSON encoding (unions wrapped as {@code {"type": value}}, so a reader with the schema can
 * decode it back exactly), or the single-object bytes in base64; a tombstone is {@code null}.
 * Raw byte keys and values (the dead-letter topic) are base64 strings.
 */
public final class ExportLine {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportLine() {}

  /** The line for a record whose key and value were decoded (values as JSON). */
  public static String decoded(String topic, int partition, long offset, long timestamp, Object key, Object value) {
    return envelope(topic, partition, offset, timestamp, key).set("value", valueNode(value)).toString();
  }

  /** The line for a record whose value is passed through as its raw bytes, base64. */
  public static String raw(String topic, int partition, long offset, long timestamp, Object key, byte[] value) {
    ObjectNode line = envelope(topic, partition, offset, timestamp, key);
    if (value == null) {
      line.putNull("value");
    } else {
      line.put("value", Base64.getEncoder().encodeToString(value));
    }
    return line.toString();
  }

  private static ObjectNode envelope(String topic, int partition, long offset, long timestamp, Object key) {
    ObjectNode line = JSON.createObjectNode();
    line.put("topic", topic);
    line.put("partition", partition);
    line.put("offset", offset);
    line.put("timestamp", timestamp);
    line.set("key", valueNode(key));
    return line;
  }

  private static JsonNode valueNode(Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (value instanceof byte[] bytes) {
      return JSON.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof SpecificRecord record) {
      return avroJson(record);
    }
    return JSON.getNodeFactory().textNode(value.toString());
  }

  /** Avro's own JSON encoding, with the generated class's model so logical types convert back. */
  static JsonNode avroJson(SpecificRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
      new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForSchema(record.getSchema()))
          .write(record, encoder);
      encoder.flush();
      return JSON.readTree(out.toByteArray());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Avro wrote invalid JSON for " + record.getSchema().getFullName(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
