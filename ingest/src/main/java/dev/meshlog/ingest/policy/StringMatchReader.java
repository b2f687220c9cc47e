package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.entries;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads an Istio StringMatch: exactly one of {@code exact}, {@code prefix}, {@code regex}. */
final class StringMatchReader {

  private static final Shape STRING_MATCH = Shape.of("exact", "prefix", "regex");
  private static final List<MatchKind> KINDS = List.of(MatchKind.EXACT, MatchKind.PREFIX, MatchKind.REGEX);

  private StringMatchReader() {}

  /** The StringMatch child {@code key} of {@code parent}, when present. */
  static Optional<StringMatch> read(JsonNode parent, String key, String parentPath, Problems problems) {
    JsonNode node = parent.get(key);
    return node == null || node.isNull() ? Optional.empty() : read(node, field(parentPath, key), problems);
  }

  /** A mapping of names to StringMatch ({@code headers}, {@code queryParams}), sorted by name. */
  static Map<String, StringMatch> readMap(JsonNode parent, String key, String parentPath, Problems problems) {
    Map<String, StringMatch> result = new LinkedHashMap<>();
    entries(parent, key, parentPath, problems)
        .forEach((name, entry) -> read(entry.node(), entry.path(), problems).ifPresent(match -> result.put(name, match)));
    return AvroValues.sorted(result);
  }

  private static Optional<StringMatch> read(JsonNode node, String path, Problems problems) {
    if (!mapping(node, path, STRING_MATCH, problems)) {
      return Optional.empty();
    }
    Optional<StringMatch> found = Optional.empty();
    for (MatchKind kind : KINDS) {
      String name = kind.name().toLowerCase(Locale.ROOT);
      Optional<String> value = string(node, name, path, problems);
      if (value.isPresent() && found.isPresent()) {
        problems.add(path, "exactly one of exact, prefix, regex is allowed");
        return Optional.empty();
      }
      if (value.isPresent()) {
        found = Optional.of(new StringMatch(kind, value.get()));
      }
    }
    if (found.isEmpty()) {
      problems.add(path, "needs one of exact, prefix, regex");
    }
    return found;
  }
}
