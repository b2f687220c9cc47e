package dev.meshlog.cli.metrics;

/**
 * Istio's destination_service_name and destination_service_namespace. RequestMetric carries only
 * the host, so they are split from a Kubernetes FQDN ({@code reviews.ns.svc.cluster.local});
 * any other host (ServiceEntry, short name) keeps its whole name and the workload's namespace.
 */
record ServiceName(String name, String namespace) {

  private static final String CLUSTER_SUFFIX = ".svc.cluster.local";

  static ServiceName of(String host, String fallbackNamespace) {
    if (host.endsWith(CLUSTER_SUFFIX)) {
      String[] parts = host.substring(0, host.length() - CLUSTER_SUFFIX.length()).split("\\.");
      if (parts.length == 2) {
        return new ServiceName(parts[0], parts[1]);
      }
    }
    return new ServiceName(host, fallbackNamespace);
  }
}
