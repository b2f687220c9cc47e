package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of a YAML tree that report, instead of coercing or ignoring: a key Meshlog does not
 * know, a wrong type. An absent value reads as empty; whether it is required is the rules' call.
 */
final class YamlFields {

  static final String NOT_SUPPORTED = "field not supported by Meshlog yet";

  private YamlFields() {}

  /** True when {@code node} is a mapping; each key outside {@code supported} is reported at its path. */
  static boolean mapping(JsonNode node, String path, List<String> supported, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "must be a mapping (" + String.join(", ", supported) + ")");
      return false;
    }
    node.fieldNames().forEachRemaining(key -> {
      if (!supported.contains(key)) {
        problems.add(field(path, key), NOT_SUPPORTED + " (supported here: " + String.join(", ", supported) + ")");
      }
    });
    return true;
  }

  static Optional<JsonNode> child(JsonNode parent, String key) {
    JsonNode value = parent.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  static Optional<String> string(JsonNode parent, String key, String parentPath, Problems problems) {
    return child(parent, key).flatMap(value -> asString(value, field(parentPath, key), problems));
  }

  static Optional<Integer> integer(JsonNode parent, String key, String parentPath, Problems problems) {
    return child(parent, key).flatMap(value -> {
      if (value.isIntegralNumber() && value.canConvertToInt()) {
        return Optional.of(value.intValue());
      }
      problems.add(field(parentPath, key), "must be an integer (was " + value + ")");
      return Optional.empty();
    });
  }

  /** The elements of a list, each with its path; absent is an empty list. */
  static List<Element> list(JsonNode parent, String key, String parentPath, Problems problems) {
    String path = field(parentPath, key);
    Optional<JsonNode> value = child(parent, key);
    if (value.isEmpty()) {
      return List.of();
    }
    if (!value.get().isArray()) {
      problems.add(path, "must be a list");
      return List.of();
    }
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < value.get().size(); i++) {
      elements.add(new Element(value.get().get(i), item(path, i)));
    }
    return elements;
  }

  /**
   * A mapping of scalars, as text: YAML reads {@code version: 1} as a number, yet a label value
   * is text and "1" is what the user meant.
   */
  static Map<String, String> stringMap(JsonNode parent, String key, String parentPath, Problems problems) {
    String path = field(parentPath, key);
    Optional<JsonNode> value = child(parent, key);
    Map<String, String> result = new LinkedHashMap<>();
    if (value.isEmpty()) {
      return result;
    }
    if (!value.get().isObject()) {
      problems.add(path, "must be a mapping of strings");
      return result;
    }
    value.get().fieldNames().forEachRemaining(name -> {
      JsonNode entry = value.get().get(name);
      if (entry.isValueNode() && !entry.isNull()) {
        result.put(name, entry.asText());
      } else {
        problems.add(field(path, name), "must be a string");
      }
    });
    return result;
  }

  static Optional<String> asString(JsonNode value, String path, Problems problems) {
    if (value.isTextual()) {
      return Optional.of(value.textValue());
    }
    problems.add(path, "must be a string (was " + value + ")");
    return Optional.empty();
  }

  /** A list element and its path, e.g. {@code spec.http[0]}. */
  record Element(JsonNode node, String path) {}
}
