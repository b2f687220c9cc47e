package dev.meshlog.engine.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A service's name in its namespace, and the host names a caller may use for it. */
public record ServiceHost(String name, String namespace) implements Comparable<ServiceHost> {

  public ServiceHost {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
  }

  public String fqdn() {
    return name + "." + namespace + ".svc.cluster.local";
  }

  /**
   * The names that resolve to this service from a proxy in {@code callerNamespace}, as Istio builds
   * virtual-host domains: the short name only works from the same namespace (DNS search path).
   */
  public List<String> domainsFrom(String callerNamespace) {
    List<String> domains = new ArrayList<>(List.of(fqdn(), name + "." + namespace + ".svc", name + "." + namespace));
    if (namespace.equals(callerNamespace)) {
      domains.add(name);
    }
    return List.copyOf(domains);
  }

  @Override
  public int compareTo(ServiceHost other) {
    return fqdn().compareTo(other.fqdn());
  }
}
