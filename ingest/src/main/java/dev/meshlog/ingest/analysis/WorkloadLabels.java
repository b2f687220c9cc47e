package dev.meshlog.ingest.analysis;

import java.util.Map;
import java.util.Objects;

/**
 * A registered workload and its labels. A sidecar registers {@code app=<service>}, so the workloads
 * of service {@code reviews.default.svc.cluster.local} are those in {@code default} with {@code app=reviews}.
 */
public record WorkloadLabels(String namespace, String name, Map<String, String> labels) {

  public WorkloadLabels {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
  }

  /** Whether every label of {@code selector} is on this workload with the same value (an empty selector selects all). */
  public boolean matches(Map<String, String> selector) {
    for (Map.Entry<String, String> required : selector.entrySet()) {
      if (!required.getValue().equals(labels.get(required.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
