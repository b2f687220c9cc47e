package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.SidecarSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * IST0127: a candidate AuthorizationPolicy, PeerAuthentication or Sidecar whose selector matches no
 * registered workload in its namespace (any namespace, in the root namespace). Info only: the policy
 * takes effect when such a workload registers.
 */
final class SelectorMatchCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Finding> findings = new ArrayList<>();
    findings.addAll(check(context, context.candidates(AuthorizationPolicySpec.class),
        AuthorizationPolicySpec::getSelector, "spec.selector"));
    findings.addAll(check(context, context.candidates(PeerAuthenticationSpec.class),
        PeerAuthenticationSpec::getSelector, "spec.selector"));
    findings.addAll(check(context, context.candidates(SidecarSpec.class),
        SidecarSpec::getWorkloadSelector, "spec.workloadSelector"));
    return findings;
  }

  private static <S> List<Finding> check(AnalysisContext context, List<Resource<S>> resources,
      Function<S, Map<String, String>> selectorOf, String path) {
    List<Finding> findings = new ArrayList<>();
    for (Resource<S> resource : resources) {
      Map<String, String> selector = selectorOf.apply(resource.spec());
      if (!selector.isEmpty() && selected(context, resource.namespace(), selector).isEmpty()) {
        findings.add(resource.finding(Message.NO_MATCHING_WORKLOADS_FOUND, path,
            "No matching workloads for this resource with the following labels: " + Labels.format(selector)));
      }
    }
    return findings;
  }

  /** The workloads a selector in {@code namespace} applies to. */
  static List<WorkloadLabels> selected(AnalysisContext context, String namespace, Map<String, String> selector) {
    List<WorkloadLabels> selected = new ArrayList<>();
    for (WorkloadLabels w : context.workloads()) {
      boolean inScope = namespace.equals(Kinds.ROOT_NAMESPACE) || w.namespace().equals(namespace);
      if (inScope && w.matches(selector)) {
        selected.add(w);
      }
    }
    return selected;
  }
}
