package dev.meshlog.ingest.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Meshlog's {@code istioctl analyze}: checks candidate policy resources against the mesh and reports
 * findings with file and field path. Pure: no Kafka, no I/O.
 */
public final class Analyzer {

  /** Every check, each in its own class; they read the whole mesh but report on candidates only. */
  private static final List<Check> CHECKS = List.of(
      new SubsetReferenceCheck(),
      new DestinationHostCheck(),
      new DestinationRuleHostCheck(),
      new VirtualServiceHostConflictCheck(),
      new UnreachableRouteCheck(),
      new SubsetSelectionCheck(),
      new DestinationRuleConflictCheck(),
      new AuthorizationShadowCheck(),
      new EmptyAuthorizationPolicyCheck(),
      new SelectorMatchCheck(),
      new NamespaceWidePolicyCheck(),
      new PortLevelMtlsCheck(),
      new SidecarSelectorCheck(),
      new SidecarEgressHostCheck());

  private Analyzer() {}

  /**
   * Findings for the candidate resources, sorted by file, then path. Candidates replace mesh resources
   * with the same subject and DELETE candidates remove them; checks consider that union, so a candidate
   * VirtualService may use a subset of a DestinationRule already in the mesh.
   */
  public static List<Finding> analyze(List<SourcedResource> candidates, MeshView mesh) {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(mesh, "mesh");
    AnalysisContext context = AnalysisContext.of(candidates, mesh);
    List<Finding> findings = new ArrayList<>();
    for (Check check : CHECKS) {
      findings.addAll(check.run(context));
    }
    findings.sort(FindingOrder.ORDER);
    return List.copyOf(findings);
  }
}
