package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.YamlFields.integer;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.string;
import static dev.meshlog.ingest.policy.YamlFields.stringMap;

import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.Map;

/** Reads one Istio HTTPMatchRequest of {@code http[].match}. */
final class HttpMatchReader {

  private static final Shape MATCH = Shape.of("name", "uri", "method", "headers", "withoutHeaders", "queryParams", "port",
          "sourceLabels", "sourceNamespace")
      .unsupported("scheme", "authority", "ignoreUriCase", "gateways", "statPrefix");

  private HttpMatchReader() {}

  static HttpMatchRequest read(Element match, Problems problems) {
    HttpMatchRequest result = new HttpMatchRequest(null, null, null, Map.of(), Map.of(), Map.of(), null, Map.of(), null);
    if (!mapping(match.node(), match.path(), MATCH, problems)) {
      return result;
    }
    result.setName(string(match.node(), "name", match.path(), problems).orElse(null));
    result.setUri(StringMatchReader.read(match.node(), "uri", match.path(), problems).orElse(null));
    result.setMethod(StringMatchReader.read(match.node(), "method", match.path(), problems).orElse(null));
    result.setHeaders(StringMatchReader.readMap(match.node(), "headers", match.path(), problems));
    result.setWithoutHeaders(StringMatchReader.readMap(match.node(), "withoutHeaders", match.path(), problems));
    result.setQueryParams(StringMatchReader.readMap(match.node(), "queryParams", match.path(), problems));
    result.setPort(integer(match.node(), "port", match.path(), problems).orElse(null));
    result.setSourceLabels(stringMap(match.node(), "sourceLabels", match.path(), problems));
    result.setSourceNamespace(string(match.node(), "sourceNamespace", match.path(), problems).orElse(null));
    return result;
  }
}
