package dev.meshlog.ingest.analysis;

import java.util.Optional;

/** Istio host names with wildcards: {@code *} is every host, {@code *.example.com} every name under it. */
final class HostPatterns {

  private static final String SERVICE_SUFFIX = ".svc.cluster.local";

  private HostPatterns() {}

  /** Whether {@code pattern} (maybe a wildcard) covers {@code host}. */
  static boolean covers(String pattern, String host) {
    if (pattern.equals("*") || pattern.equals(host)) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      return host.endsWith(pattern.substring(1)) && !host.startsWith("*");
    }
    return false;
  }

  /** Whether two host names, either maybe a wildcard, share at least one host. */
  static boolean overlap(String a, String b) {
    if (covers(a, b) || covers(b, a)) {
      return true;
    }
    if (a.startsWith("*.") && b.startsWith("*.")) {
      return a.substring(1).endsWith(b.substring(1)) || b.substring(1).endsWith(a.substring(1));
    }
    return false;
  }

  /** The namespace of a Kubernetes service FQDN ({@code reviews.default.svc.cluster.local}), if it is one. */
  static Optional<String> serviceNamespace(String host) {
    return serviceParts(host).map(parts -> parts[1]);
  }

  /** The short name of a Kubernetes service FQDN, if it is one. */
  static Optional<String> serviceName(String host) {
    return serviceParts(host).map(parts -> parts[0]);
  }

  private static Optional<String[]> serviceParts(String host) {
    if (!host.endsWith(SERVICE_SUFFIX)) {
      return Optional.empty();
    }
    String[] parts = host.substring(0, host.length() - SERVICE_SUFFIX.length()).split("\\.", -1);
    return parts.length == 2 ? Optional.of(parts) : Optional.empty();
  }
}
