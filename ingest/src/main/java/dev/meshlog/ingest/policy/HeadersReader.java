package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.object;
import static dev.meshlog.ingest.policy.YamlFields.stringMap;
import static dev.meshlog.ingest.policy.YamlFields.strings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.HeaderOperations;
import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.Optional;

/** Reads Istio {@code headers}: set/add/remove on the request and on the response. */
final class HeadersReader {

  private static final Shape HEADERS = Shape.of("request", "response");
  private static final Shape OPERATIONS = Shape.of("set", "add", "remove");

  private HeadersReader() {}

  /** The {@code headers} child of {@code parent}, when present. */
  static Optional<HeadersSpec> read(JsonNode parent, String parentPath, Problems problems) {
    String path = field(parentPath, "headers");
    return object(parent, "headers", parentPath, HEADERS, problems).map(headers -> new HeadersSpec(
        operations(headers, "request", path, problems).orElse(null),
        operations(headers, "response", path, problems).orElse(null)));
  }

  private static Optional<HeaderOperations> operations(JsonNode headers, String key, String headersPath, Problems problems) {
    String path = field(headersPath, key);
    return object(headers, key, headersPath, OPERATIONS, problems).map(operations -> new HeaderOperations(
        stringMap(operations, "set", path, problems),
        stringMap(operations, "add", path, problems),
        strings(operations, "remove", path, problems)));
  }
}
