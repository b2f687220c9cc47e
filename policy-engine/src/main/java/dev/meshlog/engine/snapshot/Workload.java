package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A workload instance and its sidecar. It is an endpoint of its service only when it has an inbound
 * port; it is a proxy that receives snapshots only when it has a {@code proxyId}. Its identity under mTLS
 * comes from its namespace and {@code serviceAccount} ({@link WorkloadIdentity}).
 */
public record Workload(
    String name,
    String namespace,
    String service,
    String serviceAccount,
    SortedMap<String, String> labels,
    Optional<String> proxyId,
    String address,
    int port,
    int servicePort) implements MeshResource {

  public Workload {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(address, "address");
    // sorted, so the endpoint labels encode to the same bytes whatever map the event carried
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  public ServiceHost serviceHost() {
    return new ServiceHost(service, namespace);
  }

  /** A workload without an inbound listener (port 0) can call others but cannot be called. */
  public boolean isEndpoint() {
    return port > 0;
  }

  /** True when every label of the selector is on this workload with the same value. */
  public boolean matches(Map<String, String> selector) {
    return labels.entrySet().containsAll(selector.entrySet());
  }
}
