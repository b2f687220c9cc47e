package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Typed reads of a YAML tree that report, instead of coercing or ignoring: a key Meshlog does not
 * know, a wrong type. An absent value reads as empty; whether it is required is the rules' call.
 */
final class YamlFields {

  /** The reason for an Istio field Meshlog knows but does not implement. */
  static final String NOT_SUPPORTED = "not supported by Meshlog yet";
  /** The reason for a key that is no field of the Istio type at all (often a typo). */
  static final String UNKNOWN = "unknown field";

  private YamlFields() {}

  /**
   * The keys of one YAML mapping type: those Meshlog reads, and those Istio defines that Meshlog
   * refuses as not supported (any other key is unknown).
   */
  record Shape(List<String> supported, List<String> unsupported) {

    static Shape of(String... supported) {
      return new Shape(List.of(supported), List.of());
    }

    Shape unsupported(String... fields) {
      return new Shape(supported, List.of(fields));
    }
  }

  /** True when {@code node} is a mapping; each key outside the shape's supported ones is reported at its path. */
  static boolean mapping(JsonNode node, String path, Shape shape, Problems problems) {
    String supported = String.join(", ", shape.supported());
    if (!node.isObject()) {
      problems.add(path, "must be a mapping (" + supported + ")");
      return false;
    }
    node.fieldNames().forEachRemaining(key -> {
      if (shape.unsupported().contains(key)) {
        problems.add(field(path, key), NOT_SUPPORTED + " (supported here: " + supported + ")");
      } else if (!shape.supported().contains(key)) {
        problems.add(field(path, key), UNKNOWN + " (supported here: " + supported + ")");
      }
    });
    return true;
  }

  /** The child mapping {@code key} when present and well-formed (its keys checked against {@code shape}). */
  static Optional<JsonNode> object(JsonNode parent, String key, String parentPath, Shape shape, Problems problems) {
    return child(parent, key).filter(node -> mapping(node, field(parentPath, key), shape, problems));
  }

  static Optional<JsonNode> child(JsonNode parent, String key) {
    JsonNode value = parent.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  static Optional<String> string(JsonNode parent, String key, String parentPath, Problems problems) {
    return child(parent, key).flatMap(value -> asString(value, field(parentPath, key), problems));
  }

  static Optional<Integer> integer(JsonNode parent, String key, String parentPath, Problems problems) {
    return child(parent, key).flatMap(value -> asInteger(value, field(parentPath, key), problems));
  }

  static Optional<Integer> asInteger(JsonNode value, String path, Problems problems) {
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return Optional.of(value.intValue());
    }
    problems.add(path, "must be an integer (was " + value + ")");
    return Optional.empty();
  }

  static Optional<Long> longInteger(JsonNode parent, String key, String parentPath, Problems problems) {
    return typed(parent, key, parentPath, problems, v -> v.isIntegralNumber() && v.canConvertToLong(), JsonNode::longValue,
        "must be an integer");
  }

  /** A number, integral or not (percentages: {@code value: 10} and {@code value: 0.5}). */
  static Optional<Double> number(JsonNode parent, String key, String parentPath, Problems problems) {
    return typed(parent, key, parentPath, problems, JsonNode::isNumber, JsonNode::doubleValue, "must be a number");
  }

  static Optional<Boolean> bool(JsonNode parent, String key, String parentPath, Problems problems) {
    return typed(parent, key, parentPath, problems, JsonNode::isBoolean, JsonNode::booleanValue, "must be true or false");
  }

  /** The field's value when it has the expected JSON type, else a problem "{@code expectation} (was value)". */
  private static <T> Optional<T> typed(JsonNode parent, String key, String parentPath, Problems problems,
      Predicate<JsonNode> accepts, Function<JsonNode, T> read, String expectation) {
    return child(parent, key).flatMap(value -> {
      if (accepts.test(value)) {
        return Optional.of(read.apply(value));
      }
      problems.add(field(parentPath, key), expectation + " (was " + value + ")");
      return Optional.empty();
    });
  }

  /** A duration such as {@code 1.5s} in milliseconds (see {@link DurationParser}). */
  static Optional<Long> duration(JsonNode parent, String key, String parentPath, Problems problems) {
    String path = field(parentPath, key);
    return string(parent, key, parentPath, problems).flatMap(text -> {
      try {
        return Optional.of(DurationParser.toMillis(text));
      } catch (IllegalArgumentException e) {
        problems.add(path, e.getMessage());
        return Optional.empty();
      }
    });
  }

  /**
   * One of {@code accepted}; a value in {@code unsupported} is an Istio value Meshlog does not
   * implement, anything else is unknown.
   */
  static Optional<String> choice(JsonNode parent, String key, String parentPath, List<String> accepted,
      List<String> unsupported, Problems problems) {
    String path = field(parentPath, key);
    return string(parent, key, parentPath, problems).filter(value -> {
      if (accepted.contains(value)) {
        return true;
      }
      problems.add(path, unsupported.contains(value)
          ? value + " is " + NOT_SUPPORTED + " (supported: " + String.join(", ", accepted) + ")"
          : "unknown value '" + value + "'; expected one of " + String.join(", ", accepted));
      return false;
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

  /** A list of strings; a non-string element is reported and left out. */
  static List<String> strings(JsonNode parent, String key, String parentPath, Problems problems) {
    List<String> result = new ArrayList<>();
    for (Element element : list(parent, key, parentPath, problems)) {
      asString(element.node(), element.path(), problems).ifPresent(result::add);
    }
    return result;
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
    return AvroValues.sorted(result);
  }

  /** The entries of a mapping whose values are mappings, each with its path ({@code parent.key}). */
  static Map<String, Element> entries(JsonNode parent, String key, String parentPath, Problems problems) {
    String path = field(parentPath, key);
    Map<String, Element> result = new LinkedHashMap<>();
    Optional<JsonNode> value = child(parent, key);
    if (value.isEmpty()) {
      return result;
    }
    if (!value.get().isObject()) {
      problems.add(path, "must be a mapping");
      return result;
    }
    value.get().fieldNames().forEachRemaining(name -> result.put(name, new Element(value.get().get(name), field(path, name))));
    return result;
  }

  static Optional<String> asString(JsonNode value, String path, Problems problems) {
    if (value.isTextual()) {
      return Optional.of(value.textValue());
    }
    problems.add(path, "must be a string (was " + value + ")");
    return Optional.empty();
  }

  /** A list element or mapping entry and its path, e.g. {@code spec.http[0]}. */
  record Element(JsonNode node, String path) {}
}
