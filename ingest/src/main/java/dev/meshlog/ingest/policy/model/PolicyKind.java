package dev.meshlog.ingest.policy.model;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Istio kinds Meshlog accepts, each with the apiVersions Istio serves it under and the Avro
 * record its spec travels as. Kind names are spelled exactly as Istio does: they are record keys.
 */
public enum PolicyKind {
  VIRTUAL_SERVICE("VirtualService", Group.NETWORKING, VirtualServiceSpec.class),
  DESTINATION_RULE("DestinationRule", Group.NETWORKING, DestinationRuleSpec.class),
  SERVICE_ENTRY("ServiceEntry", Group.NETWORKING, ServiceEntrySpec.class),
  SIDECAR("Sidecar", Group.NETWORKING, SidecarSpec.class),
  PEER_AUTHENTICATION("PeerAuthentication", Group.SECURITY, PeerAuthenticationSpec.class),
  AUTHORIZATION_POLICY("AuthorizationPolicy", Group.SECURITY, AuthorizationPolicySpec.class);

  private final String kind;
  private final Group group;
  private final Class<? extends SpecificRecord> specType;

  PolicyKind(String kind, Group group, Class<? extends SpecificRecord> specType) {
    this.kind = kind;
    this.group = group;
    this.specType = specType;
  }

  /** The kind as Istio spells it, e.g. {@code VirtualService}. */
  public String kind() {
    return kind;
  }

  /** Every {@code group/version} Istio serves this kind under. */
  public List<String> apiVersions() {
    return group.apiVersions;
  }

  /** True when {@code spec} is this kind's Avro spec record. */
  public boolean isSpec(Object spec) {
    return specType.isInstance(spec);
  }

  public static Optional<PolicyKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** The kind whose Avro spec record {@code spec} is. */
  public static Optional<PolicyKind> ofSpec(Object spec) {
    return Arrays.stream(values()).filter(k -> k.isSpec(spec)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(PolicyKind::kind).toList();
  }

  private enum Group {
    NETWORKING(List.of("networking.istio.io/v1", "networking.istio.io/v1beta1", "networking.istio.io/v1alpha3")),
    SECURITY(List.of("security.istio.io/v1", "security.istio.io/v1beta1"));

    private final List<String> apiVersions;

    Group(List<String> apiVersions) {
      this.apiVersions = apiVersions;
    }
  }
}
