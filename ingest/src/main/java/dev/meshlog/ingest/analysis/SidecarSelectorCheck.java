package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.SidecarSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * IST0111 and IST0110: a workload gets its egress scope from one Sidecar, so two Sidecars without a
 * selector in one namespace, or two whose selectors pick the same registered workload, leave it
 * undefined which one applies.
 */
final class SidecarSelectorCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Resource<SidecarSpec>> all = context.all(SidecarSpec.class);
    List<Finding> findings = new ArrayList<>();
    for (Resource<SidecarSpec> sidecar : all) {
      if (!sidecar.candidate()) {
        continue;
      }
      boolean withoutSelector = sidecar.spec().getWorkloadSelector().isEmpty();
      List<String> others = new ArrayList<>();
      String sharedWorkload = "";
      for (Resource<SidecarSpec> other : all) {
        if (other.subject().equals(sidecar.subject()) || !other.namespace().equals(sidecar.namespace())
            || other.spec().getWorkloadSelector().isEmpty() != withoutSelector) {
          continue;
        }
        if (withoutSelector) {
          others.add(other.subject());
        } else {
          for (WorkloadLabels w : context.workloads()) {
            if (w.namespace().equals(sidecar.namespace()) && w.matches(sidecar.spec().getWorkloadSelector())
                && w.matches(other.spec().getWorkloadSelector())) {
              others.add(other.subject());
              sharedWorkload = sharedWorkload.isEmpty() ? w.name() : sharedWorkload;
              break;
            }
          }
        }
      }
      if (others.isEmpty()) {
        continue;
      }
      String names = sidecar.subject() + ", " + String.join(", ", others);
      if (withoutSelector) {
        findings.add(sidecar.finding(Message.MULTIPLE_SIDECARS_WITHOUT_WORKLOAD_SELECTORS, "spec.workloadSelector",
            "The Sidecars " + names + " in namespace " + sidecar.namespace()
                + " have no workload selector, which can lead to undefined behavior"));
      } else {
        findings.add(sidecar.finding(Message.CONFLICTING_SIDECAR_WORKLOAD_SELECTORS, "spec.workloadSelector",
            "The Sidecars " + names + " in namespace " + sidecar.namespace() + " select the same workload "
                + sharedWorkload + ", which can lead to undefined behavior"));
      }
    }
    return findings;
  }
}
