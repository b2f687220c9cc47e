package dev.meshlog.ingest.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the mesh has now: the resources in the log (UPSERT commands, file {@code mesh}), the FQDNs of
 * registered services, and the registered workloads.
 */
public record MeshView(List<SourcedResource> resources, Set<String> serviceHosts, List<WorkloadLabels> workloads) {

  public MeshView {
    resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
    serviceHosts = Set.copyOf(Objects.requireNonNull(serviceHosts, "serviceHosts"));
    workloads = List.copyOf(Objects.requireNonNull(workloads, "workloads"));
  }

  /** No resources, services or workloads: analyse the candidates on their own. */
  public static MeshView empty() {
    return new MeshView(List.of(), Set.of(), List.of());
  }
}
