package dev.meshlog.ingest.policy;

import dev.meshlog.ingest.policy.model.DestinationRule;
import dev.meshlog.ingest.policy.model.PolicyResource;
import dev.meshlog.ingest.policy.model.PolicySpec;
import dev.meshlog.ingest.policy.model.VirtualService;
import java.util.List;

/**
 * The stateless rules of a policy resource, written once against the policy model: the YAML reader
 * and {@link PolicyValidator} (typed commands from a topic) both end here. Paths name the field as
 * it appears in the Istio document.
 */
final class PolicyRules {

  static final List<String> API_VERSIONS =
      List.of("networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3");
  static final List<String> KINDS = List.of(VirtualService.KIND, DestinationRule.KIND);

  private PolicyRules() {}

  /** A create-or-replace: a known apiVersion and kind, a valid identity and a spec of that kind. */
  static void checkUpsert(PolicyResource resource, Problems problems) {
    checkApiVersion(resource.apiVersion(), problems);
    boolean knownKind = checkKind(resource.kind(), problems);
    checkIdentity(resource, problems);
    if (!knownKind) {
      return; // which spec rules apply is unknown; the kind error says it all
    }
    if (resource.spec().isEmpty()) {
      problems.add("spec", "is required");
      return;
    }
    PolicySpec spec = resource.spec().get();
    if (!spec.kind().equals(resource.kind())) {
      problems.add("spec", "is a " + spec.kind() + " spec but kind is " + resource.kind());
    } else if (spec instanceof VirtualService virtualService) {
      VirtualServiceRules.check(virtualService, problems);
    } else if (spec instanceof DestinationRule destinationRule) {
      DestinationRuleRules.check(destinationRule, problems);
    }
  }

  /** A delete names a resource and carries nothing else; its apiVersion is optional. */
  static void checkDelete(PolicyResource resource, Problems problems) {
    if (!resource.apiVersion().isEmpty()) {
      checkApiVersion(resource.apiVersion(), problems);
    }
    checkKind(resource.kind(), problems);
    checkIdentity(resource, problems);
    if (resource.spec().isPresent()) {
      problems.add("spec", "must be absent: a delete carries no spec");
    }
  }

  /** Hosts in specs are fully qualified service names; wildcards are not supported yet. */
  static void checkHost(String host, String path, Problems problems) {
    if (host.isEmpty()) {
      problems.add(path, "is required");
    } else if (host.contains("*")) {
      problems.add(path, "wildcard host '" + host + "' is not supported by Meshlog yet; name the service");
    } else if (!HostNames.isQualified(host)) {
      problems.add(path, "'" + host + "' is not a mesh service host: expected <service>.<namespace>.svc."
          + HostNames.CLUSTER_DOMAIN + " (a document may also write <service> or <service>.<namespace>)");
    }
  }

  private static void checkApiVersion(String apiVersion, Problems problems) {
    if (apiVersion.isEmpty()) {
      problems.add("apiVersion", "is required");
    } else if (!API_VERSIONS.contains(apiVersion)) {
      problems.add("apiVersion", "unsupported apiVersion " + apiVersion + "; supported: " + String.join(", ", API_VERSIONS));
    }
  }

  private static boolean checkKind(String kind, Problems problems) {
    if (kind.isEmpty()) {
      problems.add("kind", "is required");
      return false;
    }
    if (!KINDS.contains(kind)) {
      problems.add("kind", "unknown kind " + kind + "; supported: " + String.join(", ", KINDS));
      return false;
    }
    return true;
  }

  private static void checkIdentity(PolicyResource resource, Problems problems) {
    if (resource.name().isEmpty()) {
      problems.add("metadata.name", "is required");
    } else if (!HostNames.isDnsSubdomain(resource.name())) {
      problems.add("metadata.name", "'" + resource.name() + "' is not a valid name: lower case letters, digits, '-' and '.',"
          + " starting and ending with a letter or digit (DNS-1123 subdomain)");
    }
    if (resource.namespace().isEmpty()) {
      problems.add("metadata.namespace", "is required");
    } else if (!HostNames.isDnsLabel(resource.namespace())) {
      problems.add("metadata.namespace", "'" + resource.namespace() + "' is not a valid namespace: at most 63 lower case"
          + " letters, digits and '-', starting and ending with a letter or digit (DNS-1123 label)");
    }
  }
}
