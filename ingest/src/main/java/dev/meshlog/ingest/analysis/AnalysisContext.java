package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.ServiceEntrySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mesh as it would be with the candidates applied ({@link #all}), the mesh as it is ({@link #before}),
 * and the registry. Candidates replace mesh resources with the same subject; DELETE candidates remove them.
 */
final class AnalysisContext {

  private final List<Resource<Object>> effective;
  private final List<Resource<Object>> before;
  private final List<Resource<Object>> deletions;
  private final Set<String> serviceHosts;
  private final List<WorkloadLabels> workloads;

  private AnalysisContext(List<Resource<Object>> effective, List<Resource<Object>> before,
      List<Resource<Object>> deletions, MeshView mesh) {
    this.effective = List.copyOf(effective);
    this.before = List.copyOf(before);
    this.deletions = List.copyOf(deletions);
    this.serviceHosts = mesh.serviceHosts();
    this.workloads = mesh.workloads();
  }

  static AnalysisContext of(List<SourcedResource> candidates, MeshView mesh) {
    Map<String, Resource<Object>> current = new LinkedHashMap<>();
    for (SourcedResource sourced : mesh.resources()) {
      PolicyCommand command = sourced.command();
      if (command.getOperation() == Operation.UPSERT && command.getSpec() != null) {
        Resource<Object> resource = resource(sourced, false);
        current.put(resource.subject(), resource);
      }
    }
    List<Resource<Object>> before = new ArrayList<>(current.values());
    // a later candidate for the same subject wins, like a later document in kubectl apply
    Map<String, Resource<Object>> deleted = new LinkedHashMap<>();
    for (SourcedResource sourced : candidates) {
      PolicyCommand command = sourced.command();
      Resource<Object> resource = resource(sourced, true);
      Resource<Object> previous = current.remove(resource.subject());
      deleted.remove(resource.subject());
      if (command.getOperation() == Operation.UPSERT && command.getSpec() != null) {
        current.put(resource.subject(), resource);
      } else if (command.getOperation() == Operation.DELETE && previous != null && !previous.candidate()) {
        // a deletion is reported against the candidate file, with the spec it removes
        deleted.put(resource.subject(), new Resource<>(sourced.file(), previous.kind(), previous.namespace(),
            previous.name(), previous.spec(), true));
      }
    }
    return new AnalysisContext(new ArrayList<>(current.values()), before, new ArrayList<>(deleted.values()), mesh);
  }

  private static Resource<Object> resource(SourcedResource sourced, boolean candidate) {
    PolicyCommand command = sourced.command();
    return new Resource<>(sourced.file(), command.getKind(), command.getNamespace(), command.getName(),
        command.getSpec(), candidate);
  }

  /** Every resource of the spec type once the candidates are applied, mesh resources first. */
  <S> List<Resource<S>> all(Class<S> type) {
    return typed(effective, type, false);
  }

  /** The candidate upserts of the spec type. */
  <S> List<Resource<S>> candidates(Class<S> type) {
    return typed(effective, type, true);
  }

  /** The mesh resources of the spec type as they are now, without the candidates. */
  <S> List<Resource<S>> before(Class<S> type) {
    return typed(before, type, false);
  }

  /** Mesh resources that DELETE candidates remove: candidate file, the removed spec. */
  <S> List<Resource<S>> deletions(Class<S> type) {
    return typed(deletions, type, false);
  }

  Set<String> serviceHosts() {
    return serviceHosts;
  }

  List<WorkloadLabels> workloads() {
    return workloads;
  }

  /** Whether a registered service or a ServiceEntry host (wildcards included) covers {@code host}. */
  boolean isKnownHost(String host) {
    if (serviceHosts.contains(host)) {
      return true;
    }
    for (Resource<ServiceEntrySpec> entry : all(ServiceEntrySpec.class)) {
      for (String pattern : entry.spec().getHosts()) {
        if (HostPatterns.covers(pattern, host)) {
          return true;
        }
      }
    }
    return false;
  }

  private static <S> List<Resource<S>> typed(List<Resource<Object>> resources, Class<S> type, boolean candidatesOnly) {
    List<Resource<S>> typed = new ArrayList<>();
    for (Resource<Object> r : resources) {
      if (type.isInstance(r.spec()) && (!candidatesOnly || r.candidate())) {
        typed.add(new Resource<>(r.file(), r.kind(), r.namespace(), r.name(), type.cast(r.spec()), r.candidate()));
      }
    }
    return typed;
  }
}
