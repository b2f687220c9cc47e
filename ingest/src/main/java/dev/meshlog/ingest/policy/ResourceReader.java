package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.YamlFields.child;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import dev.meshlog.ingest.policy.model.PolicyKind;
import dev.meshlog.ingest.policy.model.PolicyResource;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the envelope of an Istio document (apiVersion, kind, metadata) and hands the spec to the
 * reader of its kind. Only structure is checked here; what values are valid is {@link PolicyRules}.
 */
final class ResourceReader {

  static final String DEFAULT_NAMESPACE = "default";

  // status is written by the cluster, not the user: accepted so `kubectl get -o yaml` output applies.
  private static final Shape TOP_LEVEL = Shape.of("apiVersion", "kind", "metadata", "spec", "status");
  // Labels and annotations annotate the document, not the routing; the rest is what Kubernetes
  // writes into exported objects. All accepted, none kept.
  private static final Shape METADATA = Shape.of("name", "namespace", "labels", "annotations", "uid", "resourceVersion",
          "creationTimestamp", "generation", "managedFields")
      .unsupported("generateName", "ownerReferences", "finalizers", "deletionTimestamp", "deletionGracePeriodSeconds",
          "selfLink");

  private ResourceReader() {}

  /** The resource of a document with its spec read by its kind's reader. */
  static Optional<PolicyResource> read(JsonNode root, Problems problems) {
    return read(root, true, problems);
  }

  /** The identity of a document (apiVersion, kind, metadata); its spec is neither read nor checked. */
  static Optional<PolicyResource> readIdentity(JsonNode root, Problems problems) {
    return read(root, false, problems);
  }

  private static Optional<PolicyResource> read(JsonNode root, boolean withSpec, Problems problems) {
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
    Optional<SpecificRecord> spec = withSpec
        ? child(root, "spec").flatMap(node -> readSpec(kind, node, specNamespace, problems))
        : Optional.empty();
    return Optional.of(new PolicyResource(apiVersion, kind, namespace, name, spec));
  }

  private static Optional<SpecificRecord> readSpec(String kind, JsonNode spec, String namespace, Problems problems) {
    Optional<PolicyKind> known = PolicyKind.of(kind);
    if (known.isEmpty()) {
      return Optional.empty(); // an unknown kind is reported by the rules
    }
    return switch (known.get()) {
      case VIRTUAL_SERVICE -> VirtualServiceReader.read(spec, namespace, problems);
      case DESTINATION_RULE -> DestinationRuleReader.read(spec, namespace, problems);
      case SERVICE_ENTRY -> ServiceEntryReader.read(spec, problems);
      case SIDECAR -> SidecarReader.read(spec, problems);
      case PEER_AUTHENTICATION -> PeerAuthenticationReader.read(spec, problems);
      case AUTHORIZATION_POLICY -> AuthorizationPolicyReader.read(spec, problems);
    };
  }
}
