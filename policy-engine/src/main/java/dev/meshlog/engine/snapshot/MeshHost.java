package dev.meshlog.engine.snapshot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A host a proxy may get routes and clusters for: a Kubernetes service with endpoints (its namespace
 * is the service's) or a ServiceEntry host (its namespace is the ServiceEntry's, {@code entry} its subject).
 */
public record MeshHost(String fqdn, String namespace, Optional<String> entry, int defaultPort) {

  public MeshHost {
    Objects.requireNonNull(fqdn, "fqdn");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(entry, "entry");
  }

  public static MeshHost of(ServiceHost service) {
    return new MeshHost(service.fqdn(), service.namespace(), Optional.empty(), ClusterKey.DEFAULT_PORT);
  }

  public static MeshHost of(String host, ServiceEntry entry) {
    return new MeshHost(host, entry.namespace(), Optional.of(entry.subject()), entry.defaultPort());
  }

  /** The names a proxy in {@code callerNamespace} may use: the DNS search path forms for a service, the host itself for an entry. */
  public List<String> domainsFrom(String callerNamespace) {
    if (entry.isPresent()) {
      return List.of(fqdn);
    }
    String suffix = "." + namespace + ".svc.cluster.local";
    return new ServiceHost(fqdn.substring(0, fqdn.length() - suffix.length()), namespace).domainsFrom(callerNamespace);
  }
}
