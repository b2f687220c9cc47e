package dev.meshlog.engine.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * A service declared by the cluster. Kept in the mesh view for scoping and ports later; routes are
 * generated from the services that have endpoints (workloads), which is what a caller can reach.
 */
public record Service(String name, String namespace, List<Integer> ports) implements MeshResource {

  public Service {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    ports = List.copyOf(ports);
  }
}
