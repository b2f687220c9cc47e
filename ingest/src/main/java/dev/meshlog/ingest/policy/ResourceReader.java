package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.YamlFields.child;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.ingest.policy.model.DestinationRule;
import dev.meshlog.ingest.policy.model.PolicyResource;
import dev.meshlog.ingest.policy.model.PolicySpec;
import dev.meshlog.ingest.policy.model.VirtualService;
import java.util.List;
import java.util.Optional;

/**
 * Reads the envelope of an Istio document (apiVersion, kind, metadata) and hands the spec to the
 * reader of its kind. Only structure is checked here; what values are valid is {@link PolicyRules}.
 */
final class ResourceReader {

  static final String DEFAULT_NAMESPACE = "default";

  private static final List<String> TOP_LEVEL = List.of("apiVersion", "kind", "metadata", "spec");
  // labels and annotations are accepted and not kept: they annotate the document, not the routing.
  private static final List<String> METADATA = List.of("name", "namespace", "labels", "annotations");

  private ResourceReader() {}

  static Optional<PolicyResource> read(JsonNode root, Problems problems) {
    if (!root.isObject()) {
      problems.add("", "a policy document must be a mapping with apiVersion, kind, metadata and spec");
      return Optional.empty();
    }
    mapping(root, "", TOP_LEVEL, problems);
    String apiVersion = string(root, "apiVersion", "", problems).orElse("");
    String kind = string(root, "kind", "", problems).orElse("");
    String name = "";
    String namespace = DEFAULT_NAMESPACE;
    Optional<JsonNode> metadata = child(root, "metadata");
    if (metadata.isEmpty()) {
      problems.add("metadata", "is required");
    } else if (mapping(metadata.get(), "metadata", METADATA, problems)) {
      name = string(metadata.get(), "name", "metadata", problems).orElse("");
      namespace = string(metadata.get(), "namespace", "metadata", problems).orElse(DEFAULT_NAMESPACE);
    }
    String specNamespace = namespace;
    Optional<PolicySpec> spec = child(root, "spec").flatMap(node -> readSpec(kind, node, specNamespace, problems));
    return Optional.of(new PolicyResource(apiVersion, kind, namespace, name, spec));
  }

  private static Optional<PolicySpec> readSpec(String kind, JsonNode spec, String namespace, Problems problems) {
    return switch (kind) {
      case VirtualService.KIND -> VirtualServiceReader.read(spec, namespace, problems);
      case DestinationRule.KIND -> DestinationRuleReader.read(spec, namespace, problems);
      default -> Optional.empty(); // an unknown kind is reported by the rules
    };
  }
}
