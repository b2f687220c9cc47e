package dev.meshlog.proxy.registration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The workload a sidecar stands for, as the mesh registers it.
 *
 * @param port the sidecar's bound inbound port; 0 means no inbound listener, so not an endpoint
 * @param serviceAccount the service account in the workload's SPIFFE identity, which peers verify
 */
public record Workload(String proxyId, String namespace, String service, Map<String, String> labels, String address, int port,
    String serviceAccount) {

  /** Kubernetes' service account of a pod that names none. */
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";

  public Workload(String proxyId, String namespace, String service, Map<String, String> labels, String address, int port) {
    this(proxyId, namespace, service, labels, address, port, DEFAULT_SERVICE_ACCOUNT);
  }

  public Workload {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    // The contract: labels carry at least app=<service>.
    Map<String, String> withApp = new LinkedHashMap<>(labels);
    withApp.putIfAbsent("app", service);
    labels = Map.copyOf(withApp);
  }
}
