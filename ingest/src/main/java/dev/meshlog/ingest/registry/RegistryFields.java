package dev.meshlog.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.ingest.policy.ValidationError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Typed reads of one YAML mapping of a registry file, each failure recorded as file, field path and
 * reason. A missing optional field gives its default; a wrong type or value is an error and gives a
 * harmless placeholder so reading can go on and report every error of the file at once.
 */
final class RegistryFields {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final String file;
  private final List<ValidationError> errors;

  RegistryFields(String file, List<ValidationError> errors) {
    this.file = file;
    this.errors = errors;
  }

  void error(String path, String reason) {
    errors.add(new ValidationError(file, path, reason));
  }

  /** Reports fields of {@code node} (at {@code path}) that are not in {@code known}. */
  void onlyKnown(JsonNode node, String path, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        error(at(path, name), "unknown field (expected one of " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  String dnsLabel(JsonNode node, String path, String field) {
    return matching(node, path, field, DNS_LABEL, 63, "a lowercase DNS label (RFC 1123)");
  }

  String dnsSubdomain(JsonNode node, String path, String field) {
    return matching(node, path, field, DNS_SUBDOMAIN, 253, "a lowercase DNS name (RFC 1123)");
  }

  private String matching(JsonNode node, String path, String field, Pattern pattern, int maxLength, String what) {
    String value = requiredString(node, path, field);
    if (!value.isEmpty() && (value.length() > maxLength || !pattern.matcher(value).matches())) {
      error(at(path, field), "'" + value + "' is not " + what);
    }
    return value;
  }

  String requiredString(JsonNode node, String path, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      error(at(path, field), "is required");
      return "";
    }
    return string(value, at(path, field)).orElse("");
  }

  Optional<String> optionalString(JsonNode node, String path, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : string(value, at(path, field));
  }

  private Optional<String> string(JsonNode value, String path) {
    if (!value.isTextual()) {
      error(path, "must be a string, got " + value.getNodeType().toString().toLowerCase(Locale.ROOT));
      return Optional.empty();
    }
    if (value.asText().isBlank()) {
      error(path, "must not be empty");
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  /** An integer in {@code [min, max]}; {@code fallback} when absent and not required. */
  int integer(JsonNode node, String path, String field, int min, int max, Optional<Integer> fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (fallback.isEmpty()) {
        error(at(path, field), "is required");
      }
      return fallback.orElse(min);
    }
    if (!value.isInt()) {
      error(at(path, field), "must be an integer, got '" + value.asText() + "'");
      return min;
    }
    if (value.intValue() < min || value.intValue() > max) {
      error(at(path, field), value.intValue() + " is out of range " + min + ".." + max);
      return min;
    }
    return value.intValue();
  }

  /** A map of string to string; values may be YAML scalars (a version label {@code 2} reads as "2"). */
  Map<String, String> labels(JsonNode node, String path, String field) {
    Map<String, String> labels = new TreeMap<>();
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return labels;
    }
    if (!value.isObject()) {
      error(at(path, field), "must be a mapping of label names to values");
      return labels;
    }
    value.properties().forEach(e -> {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        error(at(at(path, field), e.getKey()), "must be a string value");
      } else {
        labels.put(e.getKey(), e.getValue().asText());
      }
    });
    return labels;
  }

  /** The items of a list field, or none (with an error) when it is not a list. */
  List<JsonNode> list(JsonNode node, String path, String field) {
    JsonNode value = node.get(field);
    List<JsonNode> items = new ArrayList<>();
    if (value == null || value.isNull()) {
      return items;
    }
    if (!value.isArray()) {
      error(at(path, field), "must be a list");
      return items;
    }
    value.forEach(items::add);
    return items;
  }

  static String at(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
