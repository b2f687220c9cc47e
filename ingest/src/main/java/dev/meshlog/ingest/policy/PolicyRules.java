package dev.meshlog.ingest.policy;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.ingest.policy.model.PolicyKind;
import dev.meshlog.ingest.policy.model.PolicyResource;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * The stateless rules of a policy resource, written once against the Avro spec records: the YAML
 * reader and {@link PolicyValidator} (typed commands from a topic) both end here. Paths name the
 * field as it appears in the Istio document.
 */
final class PolicyRules {

  private static final String LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  // An external name (a ServiceEntry host): three or more labels, since shorter names are
  // Kubernetes short names that documents resolve to services.
  private static final Pattern EXTERNAL_HOST = Pattern.compile(LABEL + "(\\." + LABEL + ")+");

  private PolicyRules() {}

  /** A create-or-replace: a known apiVersion and kind, a valid identity and a spec of that kind. */
  static void checkUpsert(PolicyResource resource, Problems problems) {
    Optional<PolicyKind> kind = checkKind(resource.kind(), problems);
    kind.ifPresent(k -> checkApiVersion(k, resource.apiVersion(), false, problems));
    checkIdentity(resource, problems);
    if (kind.isEmpty()) {
      return; // which spec rules apply is unknown; the kind error says it all
    }
    if (resource.spec().isEmpty()) {
      problems.add("spec", "is required");
      return;
    }
    SpecificRecord spec = resource.spec().get();
    if (!kind.get().isSpec(spec)) {
      problems.add("spec", "is a " + PolicyKind.ofSpec(spec).map(PolicyKind::kind).orElse("unknown") + " spec but kind is "
          + resource.kind());
      return;
    }
    if (!SpecBounds.check(spec, "spec", problems)) {
      return; // an oversized spec is refused for its size alone, before any rule walks it
    }
    switch (kind.get()) {
      case VIRTUAL_SERVICE -> VirtualServiceRules.check((VirtualServiceSpec) spec, problems);
      case DESTINATION_RULE -> DestinationRuleRules.check((DestinationRuleSpec) spec, problems);
      case SERVICE_ENTRY -> ServiceEntryRules.check((ServiceEntrySpec) spec, problems);
      case SIDECAR -> SidecarRules.check((SidecarSpec) spec, problems);
      case PEER_AUTHENTICATION -> PeerAuthenticationRules.check((PeerAuthenticationSpec) spec, problems);
      case AUTHORIZATION_POLICY -> AuthorizationPolicyRules.check((AuthorizationPolicySpec) spec, problems);
    }
  }

  /** A delete names a resource and carries nothing else; its apiVersion is optional. */
  static void checkDelete(PolicyResource resource, Problems problems) {
    Optional<PolicyKind> kind = checkKind(resource.kind(), problems);
    kind.ifPresent(k -> checkApiVersion(k, resource.apiVersion(), true, problems));
    checkIdentity(resource, problems);
    if (resource.spec().isPresent()) {
      problems.add("spec", "must be absent: a delete carries no spec");
    }
  }

  /**
   * A host a route or policy applies to: a fully qualified mesh service, or an external name a
   * ServiceEntry declares. Wildcards are not supported yet.
   */
  static void checkHost(String host, String path, Problems problems) {
    if (host.isEmpty()) {
      problems.add(path, "is required");
    } else if (host.contains("*")) {
      problems.add(path, "wildcard host '" + host + "' is " + YamlFields.NOT_SUPPORTED + "; name the service");
    } else if (!HostNames.isQualified(host) && (!EXTERNAL_HOST.matcher(host).matches() || isClusterName(host))) {
      problems.add(path, "'" + host + "' is not a mesh service host: expected <service>.<namespace>.svc."
          + HostNames.CLUSTER_DOMAIN + " (a document may also write <service> for a service in its own namespace)"
          + " or an external name declared by a ServiceEntry");
    }
  }

  static void checkPort(Integer port, String path, Problems problems) {
    if (port != null && (port < 1 || port > 65535)) {
      problems.add(path, "must be between 1 and 65535 (was " + port + ")");
    }
  }

  private static boolean isClusterName(String host) {
    return host.endsWith(".svc") || host.endsWith(".svc." + HostNames.CLUSTER_DOMAIN) || host.endsWith("." + HostNames.CLUSTER_DOMAIN);
  }

  private static void checkApiVersion(PolicyKind kind, String apiVersion, boolean optional, Problems problems) {
    if (apiVersion.isEmpty()) {
      if (!optional) {
        problems.add("apiVersion", "is required");
      }
    } else if (!kind.apiVersions().contains(apiVersion)) {
      problems.add("apiVersion", "unsupported apiVersion " + apiVersion + " for " + kind.kind() + "; supported: "
          + String.join(", ", kind.apiVersions()));
    }
  }

  private static Optional<PolicyKind> checkKind(String kind, Problems problems) {
    if (kind.isEmpty()) {
      problems.add("kind", "is required");
      return Optional.empty();
    }
    Optional<PolicyKind> known = PolicyKind.of(kind);
    if (known.isEmpty()) {
      problems.add("kind", "unknown kind " + kind + "; supported: " + String.join(", ", PolicyKind.names()));
    }
    return known;
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
