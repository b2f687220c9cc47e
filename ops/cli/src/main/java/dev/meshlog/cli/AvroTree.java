package dev.meshlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro record as a plain JSON tree, the way people read config (istioctl proxy-config style):
 * fields in schema order, map keys sorted, a union shown as its value (not Avro's
 * {@code {"string": ...}} wrapping), unset optional fields left out, timestamps as ISO-8601.
 */
public final class AvroTree {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroTree() {}

  public static ObjectNode of(IndexedRecord record) {
    ObjectNode node = NODES.objectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (value != null) {
        node.set(field.name(), value(value, field.schema()));
      }
    }
    return node;
  }

  private static JsonNode value(Object value, Schema schema) {
    if (value == null) {
      return NODES.nullNode();
    }
    return switch (schema.getType()) {
      case RECORD -> of((IndexedRecord) value);
      case UNION -> value(value, branch(schema, value));
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        ((Collection<?>) value).forEach(item -> array.add(value(item, schema.getElementType())));
        yield array;
      }
      case MAP -> {
        ObjectNode map = NODES.objectNode();
        new TreeMap<>(stringKeys((Map<?, ?>) value)).forEach((k, v) -> map.set(k, value(v, schema.getValueType())));
        yield map;
      }
      case ENUM, STRING, FIXED -> NODES.textNode(value.toString());
      case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(bytes((ByteBuffer) value)));
      case INT -> NODES.numberNode(((Number) value).intValue());
      case LONG -> value instanceof Instant instant ? NODES.textNode(instant.toString()) : NODES.numberNode(((Number) value).longValue());
      case FLOAT, DOUBLE -> NODES.numberNode(((Number) value).doubleValue());
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case NULL -> NODES.nullNode();
    };
  }

  /** The union branch a non-null value belongs to. */
  private static Schema branch(Schema union, Object value) {
    for (Schema candidate : union.getTypes()) {
      if (fits(candidate, value)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("no branch of " + union + " holds a " + value.getClass().getName());
  }

  private static boolean fits(Schema schema, Object value) {
    return switch (schema.getType()) {
      case RECORD -> value instanceof IndexedRecord r && r.getSchema().getFullName().equals(schema.getFullName());
      case ENUM -> (value instanceof Enum<?> e && e.getDeclaringClass().getSimpleName().equals(schema.getName()))
          || (value instanceof GenericEnumSymbol<?> g && g.getSchema().getFullName().equals(schema.getFullName()));
      case STRING -> value instanceof CharSequence;
      case BYTES -> value instanceof ByteBuffer;
      case INT -> value instanceof Integer;
      case LONG -> value instanceof Long || value instanceof Instant;
      case FLOAT -> value instanceof Float;
      case DOUBLE -> value instanceof Double;
      case BOOLEAN -> value instanceof Boolean;
      case ARRAY -> value instanceof Collection<?>;
      case MAP -> value instanceof Map<?, ?>;
      default -> false;
    };
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> copy = new TreeMap<>();
    map.forEach((k, v) -> copy.put(k.toString(), v));
    return copy;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
