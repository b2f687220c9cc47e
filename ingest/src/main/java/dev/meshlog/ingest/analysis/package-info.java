/**
 * Meshlog's {@code istioctl analyze}: {@link dev.meshlog.ingest.analysis.Analyzer#analyze} checks
 * candidate policy resources (Avro {@code PolicyCommand}s with their file) against what the mesh
 * already has ({@link dev.meshlog.ingest.analysis.MeshView}) and returns
 * {@link dev.meshlog.ingest.analysis.Finding}s with a field path into the candidate, sorted by file
 * then path. Pure: no Kafka, no I/O.
 *
 * <p>The checks read the specs as the wire carries them (hosts already fully qualified), because a
 * finding's path must name the field the user wrote. Each check is one class:
 *
 * <ul>
 *   <li>IST0101 ReferencedResourceNotFound, error: route or mirror to a subset no DestinationRule for
 *       the host defines; also reported on a candidate DestinationRule change or deletion that removes
 *       a subset a mesh VirtualService uses ({@code SubsetReferenceCheck});
 *   <li>IST0101 ReferencedResourceNotFound, warning in Meshlog: destination host with no service and
 *       no ServiceEntry ({@code DestinationHostCheck});
 *   <li>IST0174 UnknownDestinationRuleHost, warning ({@code DestinationRuleHostCheck});
 *   <li>IST0109 ConflictingMeshGatewayVirtualServiceHosts, error ({@code VirtualServiceHostConflictCheck});
 *   <li>IST0130 VirtualServiceUnreachableRule, warning, and IST0131 VirtualServiceIneffectiveMatch,
 *       info: HTTP/TCP rules after a catch-all, or whose matches repeat earlier ones ({@code UnreachableRouteCheck});
 *   <li>IST0173 DestinationRuleSubsetNotSelectPods, warning in Meshlog ({@code SubsetSelectionCheck});
 *   <li>MSH0005 ConflictingDestinationRulesHost, warning ({@code DestinationRuleConflictCheck});
 *   <li>MSH0003 UnreachableAuthorizationRule, warning ({@code AuthorizationShadowCheck});
 *   <li>MSH0004 AllowNothing, warning, and IST0167 IneffectivePolicy for rule-less DENY/AUDIT
 *       ({@code EmptyAuthorizationPolicyCheck});
 *   <li>IST0127 NoMatchingWorkloadsFound, info in Meshlog ({@code SelectorMatchCheck});
 *   <li>MSH0006 MultipleNamespaceWidePolicies, error: PeerAuthentications ({@code NamespaceWidePolicyCheck});
 *   <li>IST0167 IneffectivePolicy, warning: portLevelMtls without a selector ({@code PortLevelMtlsCheck});
 *   <li>IST0111 MultipleSidecarsWithoutWorkloadSelectors and IST0110 ConflictingSidecarWorkloadSelectors,
 *       errors ({@code SidecarSelectorCheck});
 *   <li>MSH0007 SidecarEgressHostNotFound, warning ({@code SidecarEgressHostCheck}).
 * </ul>
 */
package dev.meshlog.ingest.analysis;
