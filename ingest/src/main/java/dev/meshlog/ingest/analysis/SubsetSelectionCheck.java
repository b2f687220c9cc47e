package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.SubsetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IST0173: a subset of a candidate DestinationRule whose labels select none of the registered
 * workloads of the host's service, so its cluster has no endpoints (503 UH). Only for hosts that are
 * registered Kubernetes services; a service's workloads are those of its namespace labelled
 * {@code app=<service>}, which is how Meshlog sidecars register.
 */
final class SubsetSelectionCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Resource<DestinationRuleSpec> rule : context.candidates(DestinationRuleSpec.class)) {
      String host = rule.spec().getHost();
      Optional<String> service = HostPatterns.serviceName(host);
      Optional<String> namespace = HostPatterns.serviceNamespace(host);
      if (!context.serviceHosts().contains(host) || service.isEmpty() || namespace.isEmpty()) {
        continue;
      }
      List<WorkloadLabels> workloads = new ArrayList<>();
      for (WorkloadLabels w : context.workloads()) {
        if (w.namespace().equals(namespace.get()) && w.matches(Map.of("app", service.get()))) {
          workloads.add(w);
        }
      }
      List<SubsetSpec> subsets = rule.spec().getSubsets();
      for (int i = 0; i < subsets.size(); i++) {
        SubsetSpec subset = subsets.get(i);
        if (workloads.stream().noneMatch(w -> w.matches(subset.getLabels()))) {
          String path = "spec.subsets[" + i + "]" + (subset.getLabels().isEmpty() ? "" : ".labels");
          findings.add(rule.finding(Message.DESTINATION_RULE_SUBSET_NOT_SELECT_PODS, path,
              "The subset " + subset.getName() + " defined in the DestinationRule selects none of the "
                  + workloads.size() + " registered workloads of service " + host + " (labels "
                  + Labels.format(subset.getLabels()) + "), which may lead to 503 UH (NoHealthyUpstream)"));
        }
      }
    }
    return findings;
  }
}
