package dev.meshlog.engine.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Copies of Avro records whose maps iterate in key order. Avro writes a map in iteration
 * order and decodes it into a hash map, so the same content could encode to different bytes (and
 * hashes); every map that reaches a snapshot goes through here first.
 *
 * <p>{@link #copy} is a deep copy: the domain never shares a mutable Avro object with a decoded event.
 * {@link #sorted} copies only the way to a map that is not in key order yet, for a freshly built snapshot (encoded,
 * never modified below its top-level fields): a full deep copy of every snapshot was a sixth of the snapshot builder's
 * CPU under a burst, and copying every record that could hold a map still a tenth.
 */
public final class AvroCanonical {

  /**
   * By identity: equal schemas built apart (each field's own {@code ["null", X]} union) share a hash code, and a hash
   * map then compares them in depth, property by property, at every lookup. The instances are few and static.
   */
  private static final Map<Schema, Boolean> HOLDS_MAP = Collections.synchronizedMap(new IdentityHashMap<>());

  private AvroCanonical() {}

  /** A deep copy of {@code record} with every nested map sorted by key; null stays null. */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> T copy(T record) {
    if (record == null) {
      return null;
    }
    T copy = SpecificData.get().deepCopy(record.getSchema(), record);
    return (T) sortedCopy(record.getSchema(), copy);
  }

  /**
   * {@code record} with every nested map sorted by key, sharing with it every record, list and map that needs no change
   * (itself, if none does); the same bytes as {@link #copy} when encoded. Null stays null.
   */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> T sorted(T record) {
    if (record == null) {
      return null;
    }
    return (T) sortedCopy(record.getSchema(), record);
  }

  /**
   * {@code value} with its maps in key order, copying only the records, lists and maps on the way to a map that was not
   * (copy on write): a route whose rules match no headers comes back as it was, without allocating anything.
   */
  private static Object sortedCopy(Schema schema, Object value) {
    if (value == null || !holdsMap(schema)) {
      return value;
    }
    switch (schema.getType()) {
      case RECORD -> {
        SpecificRecord record = (SpecificRecord) value;
        SpecificRecord copy = null;
        List<Schema.Field> fields = schema.getFields();
        for (Schema.Field field : fields) {
          Object original = record.get(field.pos());
          Object sorted = sortedCopy(field.schema(), original);
          if (sorted != original && copy == null) {
            copy = (SpecificRecord) SpecificData.get().newRecord(null, schema);
            for (Schema.Field earlier : fields.subList(0, field.pos())) {
              copy.put(earlier.pos(), record.get(earlier.pos()));
            }
          }
          if (copy != null) {
            copy.put(field.pos(), sorted);
          }
        }
        return copy == null ? record : copy;
      }
      case MAP -> {
        Map<?, ?> map = (Map<?, ?>) value;
        if (inKeyOrder(schema.getValueType(), map)) {
          return map;
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        TreeMap<String, Object> byKey = new TreeMap<>();
        map.forEach((k, v) -> byKey.put(k.toString(), v));
        byKey.forEach((k, v) -> out.put(k, sortedCopy(schema.getValueType(), v)));
        return out;
      }
      case ARRAY -> {
        List<?> list = (List<?>) value;
        List<Object> out = null;
        for (int i = 0; i < list.size(); i++) {
          Object original = list.get(i);
          Object sorted = sortedCopy(schema.getElementType(), original);
          if (sorted != original && out == null) {
            out = new ArrayList<>(list.subList(0, i));
          }
          if (out != null) {
            out.add(sorted);
          }
        }
        return out == null ? list : out;
      }
      case UNION -> {
        return sortedCopy(schema.getTypes().get(SpecificData.get().resolveUnion(schema, value)), value);
      }
      default -> {
        return value;
      }
    }
  }

  /** Whether {@code map} already iterates in key order, and none of its values needs a copy. */
  private static boolean inKeyOrder(Schema valueType, Map<?, ?> map) {
    String previous = null;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = entry.getKey().toString();
      if (previous != null && previous.compareTo(key) >= 0) {
        return false;
      }
      if (sortedCopy(valueType, entry.getValue()) != entry.getValue()) {
        return false;
      }
      previous = key;
    }
    return true;
  }

  private static boolean holdsMap(Schema schema) {
    Boolean known = HOLDS_MAP.get(schema);
    return known != null ? known : holdsMap(schema, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  /** Whether a value of {@code schema} can hold a map anywhere (memoized; {@code visiting} guards recursive schemas). */
  private static boolean holdsMap(Schema schema, Set<Schema> visiting) {
    Boolean known = HOLDS_MAP.get(schema);
    if (known != null) {
      return known;
    }
    if (!visiting.add(schema)) {
      return false; // a cycle adds nothing the other branches do not
    }
    boolean holds = switch (schema.getType()) {
      case MAP -> true;
      case ARRAY -> holdsMap(schema.getElementType(), visiting);
      case UNION -> schema.getTypes().stream().anyMatch(t -> holdsMap(t, visiting));
      case RECORD -> schema.getFields().stream().anyMatch(f -> holdsMap(f.schema(), visiting));
      default -> false;
    };
    visiting.remove(schema);
    if (visiting.isEmpty()) {
      HOLDS_MAP.put(schema, holds); // only a top-level answer is final: inside a cycle a branch was cut short
    }
    return holds;
  }
}
