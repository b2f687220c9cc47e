package dev.meshlog.cli.tap;

import java.util.Locale;
import java.util.Optional;

/**
 * Which requests a tap prints: those whose source or destination is the target workload, to the
 * {@code --authority} and on the {@code --route} when given. Path and method cannot be filtered:
 * {@code RequestTelemetry} does not carry them (see {@link #unsupported}).
 *
 * <p>An authority matches the destination service as written in a request: its FQDN
 * ({@code reviews.default.svc.cluster.local}), {@code name.namespace}, or the short name; a
 * {@code :port} suffix is ignored, as the record names the service, not the port.
 */
public record TapFilter(TapTarget target, Optional<String> authority, Optional<String> route) {

  public TapFilter {
    authority = authority.map(TapFilter::withoutPort).map(a -> a.toLowerCase(Locale.ROOT));
  }

  /**
   * The one-line reason {@code --path} or {@code --method} cannot work, naming the missing fields;
   * empty when neither was given.
   */
  public static Optional<String> unsupported(String path, String method) {
    if (path != null) {
      return Optional.of("--path: cannot filter by path: mesh.telemetry.requests records (RequestTelemetry) have no path"
          + " field; filter with --authority or --route");
    }
    if (method != null) {
      return Optional.of("--method: cannot filter by method: mesh.telemetry.requests records (RequestTelemetry) have no"
          + " method field; filter with --authority or --route");
    }
    return Optional.empty();
  }

  public boolean matches(TappedRequest request) {
    return (target.is(request.source()) || target.is(request.destination()))
        && authority.map(a -> authorityMatches(a, request)).orElse(true)
        && route.map(request.route()::equals).orElse(true);
  }

  private static boolean authorityMatches(String wanted, TappedRequest request) {
    String fqdn = request.authority().toLowerCase(Locale.ROOT);
    if (wanted.equals(fqdn)) {
      return true;
    }
    String name = request.serviceName();
    String namespace = request.serviceNamespace();
    // Older records lack the short name and namespace; read them off a Kubernetes FQDN.
    if (name.isEmpty() || name.equals(Peer.UNKNOWN)) {
      String[] labels = fqdn.split("\\.");
      if (!fqdn.endsWith(".svc.cluster.local") || labels.length != 5) {
        return false;
      }
      name = labels[0];
      namespace = labels[1];
    }
    return wanted.equals(name.toLowerCase(Locale.ROOT)) || wanted.equals((name + "." + namespace).toLowerCase(Locale.ROOT));
  }

  private static String withoutPort(String authority) {
    String a = authority.trim();
    int colon = a.lastIndexOf(':');
    return colon > 0 && a.substring(colon + 1).chars().allMatch(Character::isDigit) ? a.substring(0, colon) : a;
  }
}
