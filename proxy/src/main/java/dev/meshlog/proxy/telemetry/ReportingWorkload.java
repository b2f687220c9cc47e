package dev.meshlog.proxy.telemetry;

import java.util.Map;
import java.util.Objects;

/**
 * The workload whose sidecar reports: the source of what its outbound listener relays, the
 * destination of what its inbound listener relays (Istio's reporter = source / destination).
 *
 * @param proxyId the reporting proxy, which is also the registered workload's name
 * @param app the workload's {@code app} label, "unknown" without one
 * @param version the workload's {@code version} label, "unknown" without one
 * @param principal the workload's own SPIFFE URI when it has a mesh identity, else "unknown"
 */
public record ReportingWorkload(String proxyId, String namespace, String app, String version, String principal) {

  public ReportingWorkload {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(namespace, "namespace");
    app = orUnknown(app);
    version = orUnknown(version);
    principal = orUnknown(principal);
  }

  /** From the sidecar's labels, as registered ({@code app}, {@code version}). */
  public static ReportingWorkload of(String proxyId, String namespace, Map<String, String> labels, String principal) {
    return new ReportingWorkload(proxyId, namespace, labels.get("app"), labels.get("version"), principal);
  }

  static String orUnknown(String value) {
    return value == null || value.isBlank() ? RequestOutcome.UNKNOWN : value;
  }
}
