package dev.meshlog.engine.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deep copies of Avro records whose maps iterate in key order. Avro writes a map in iteration
 * order and decodes it into a hash map, so the same content could encode to different bytes (and
 * hashes); every map that reaches a snapshot goes through here first.
 */
public final class AvroCanonical {

  private AvroCanonical() {}

  /** A copy of {@code record} with every nested map sorted by key; null stays null. */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> T copy(T record) {
    if (record == null) {
      return null;
    }
    T copy = SpecificData.get().deepCopy(record.getSchema(), record);
    return (T) sorted(record.getSchema(), copy);
  }

  private static Object sorted(Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    switch (schema.getType()) {
      case RECORD -> {
        SpecificRecord record = (SpecificRecord) value;
        for (Schema.Field field : schema.getFields()) {
          record.put(field.pos(), sorted(field.schema(), record.get(field.pos())));
        }
        return record;
      }
      case MAP -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        TreeMap<String, Object> byKey = new TreeMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> byKey.put(k.toString(), v));
        byKey.forEach((k, v) -> out.put(k, sorted(schema.getValueType(), v)));
        return out;
      }
      case ARRAY -> {
        List<Object> out = new ArrayList<>();
        for (Object element : (Iterable<?>) value) {
          out.add(sorted(schema.getElementType(), element));
        }
        return out;
      }
      case UNION -> {
        return sorted(schema.getTypes().get(SpecificData.get().resolveUnion(schema, value)), value);
      }
      default -> {
        return value;
      }
    }
  }
}
