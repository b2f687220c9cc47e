package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.ingest.policy.model.PolicyKind;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * One Istio custom resource type as the API server serves it (group, version, plural), paired with the policy
 * kind Meshlog keys it by. Only {@code v1} is watched: Istio serves every stored version through it.
 */
public record IstioResourceType(PolicyKind kind, String group, String version, String plural) {

  public static final List<IstioResourceType> ALL = List.of(
      new IstioResourceType(PolicyKind.VIRTUAL_SERVICE, "networking.istio.io", "v1", "virtualservices"),
      new IstioResourceType(PolicyKind.DESTINATION_RULE, "networking.istio.io", "v1", "destinationrules"),
      new IstioResourceType(PolicyKind.SERVICE_ENTRY, "networking.istio.io", "v1", "serviceentries"),
      new IstioResourceType(PolicyKind.SIDECAR, "networking.istio.io", "v1", "sidecars"),
      new IstioResourceType(PolicyKind.PEER_AUTHENTICATION, "security.istio.io", "v1", "peerauthentications"),
      new IstioResourceType(PolicyKind.AUTHORIZATION_POLICY, "security.istio.io", "v1", "authorizationpolicies"));

  /** The kind as Istio spells it, e.g. {@code VirtualService}. */
  public String kindName() {
    return kind.kind();
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  /** What fabric8's generic client needs to list and watch this type. */
  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group).withVersion(version).withPlural(plural).withKind(kind.kind()).withNamespaced(true).build();
  }
}
