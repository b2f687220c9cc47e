package dev.meshlog.proxy.registration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The workload a sidecar stands for, as the mesh registers it.
 *
 * @param port the sidecar's bound inbound port; 0 means no inbound listener, so not an endpoint
 */
public record Workload(String proxyId, String namespace, String service, Map<String, String> labels, String address, int port) {

  public Workload {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(address, "address");
    // The contract: labels carry at least app=<service>.
    Map<String, String> withApp = new LinkedHashMap<>(labels);
    withApp.putIfAbsent("app", service);
    labels = Map.copyOf(withApp);
  }
}
