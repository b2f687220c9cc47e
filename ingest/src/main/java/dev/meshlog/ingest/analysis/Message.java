package dev.meshlog.ingest.analysis;

/**
 * The messages the analyzer can emit. Istio's code and name where istioctl analyze has the same check
 * (https://istio.io/latest/docs/reference/config/analysis/), so people can look them up; {@code MSH}
 * codes for checks Istio does not have. The severity is Meshlog's: where it differs from Istio's the
 * constant says why.
 */
enum Message {
  /** A route to a subset no DestinationRule defines: the request fails (Envoy has no such cluster). */
  REFERENCED_SUBSET_NOT_FOUND("IST0101", "ReferencedResourceNotFound", Severity.ERROR),
  /** Istio says Error; in Meshlog services register when their sidecars start, so a host may come later. */
  REFERENCED_HOST_NOT_FOUND("IST0101", "ReferencedResourceNotFound", Severity.WARNING),
  CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS("IST0109", "ConflictingMeshGatewayVirtualServiceHosts", Severity.ERROR),
  CONFLICTING_SIDECAR_WORKLOAD_SELECTORS("IST0110", "ConflictingSidecarWorkloadSelectors", Severity.ERROR),
  MULTIPLE_SIDECARS_WITHOUT_WORKLOAD_SELECTORS("IST0111", "MultipleSidecarsWithoutWorkloadSelectors", Severity.ERROR),
  /** Istio says Warning; workloads register themselves, so a policy ahead of its workloads is normal here. */
  NO_MATCHING_WORKLOADS_FOUND("IST0127", "NoMatchingWorkloadsFound", Severity.INFO),
  VIRTUAL_SERVICE_UNREACHABLE_RULE("IST0130", "VirtualServiceUnreachableRule", Severity.WARNING),
  VIRTUAL_SERVICE_INEFFECTIVE_MATCH("IST0131", "VirtualServiceIneffectiveMatch", Severity.INFO),
  INEFFECTIVE_POLICY("IST0167", "IneffectivePolicy", Severity.WARNING),
  /** Istio says Error; here a canary's subset is often written before its workloads register. */
  DESTINATION_RULE_SUBSET_NOT_SELECT_PODS("IST0173", "DestinationRuleSubsetNotSelectPods", Severity.WARNING),
  UNKNOWN_DESTINATION_RULE_HOST("IST0174", "UnknownDestinationRuleHost", Severity.WARNING),
  UNREACHABLE_AUTHORIZATION_RULE("MSH0003", "UnreachableAuthorizationRule", Severity.WARNING),
  ALLOW_NOTHING("MSH0004", "AllowNothing", Severity.WARNING),
  CONFLICTING_DESTINATION_RULES_HOST("MSH0005", "ConflictingDestinationRulesHost", Severity.WARNING),
  MULTIPLE_NAMESPACE_WIDE_POLICIES("MSH0006", "MultipleNamespaceWidePolicies", Severity.ERROR),
  SIDECAR_EGRESS_HOST_NOT_FOUND("MSH0007", "SidecarEgressHostNotFound", Severity.WARNING);

  private final String code;
  private final String label;
  private final Severity severity;

  Message(String code, String label, Severity severity) {
    this.code = code;
    this.label = label;
    this.severity = severity;
  }

  /** Code and name as {@link Finding#code()} carries them: {@code IST0101 ReferencedResourceNotFound}. */
  String id() {
    return code + " " + label;
  }

  Severity severity() {
    return severity;
  }
}
