package dev.meshlog.cli.tap;

import java.util.Locale;
import java.util.Optional;

/**
 * Which requests a tap prints: those whose source or destination is the target workload, to the
 * {@code --authority}, on the {@code --route}, under the {@code --path} prefix and with the
 * {@code --method} when given (all of them at once).
 *
 * <p>An authority matches the destination service as written in a request: its FQDN
 * ({@code reviews.default.svc.cluster.local}), {@code name.namespace}, or the short name; a
 * {@code :port} suffix is ignored, as the record names the service, not the port. A path matches as
 * a prefix of the request's path, case-sensitive, as {@code linkerd viz tap --path} does; a method
 * exactly, case-insensitive. A record from a sidecar that did not report path or method matches no
 * such filter.
 */
public record TapFilter(TapTarget target, Optional<String> authority, Optional<String> route, Optional<String> path,
    Optional<String> method) {

  public TapFilter {
    authority = authority.map(TapFilter::withoutPort).map(a -> a.toLowerCase(Locale.ROOT));
    path.ifPresent(TapFilter::checkPath);
    method = method.map(TapFilter::checkMethod);
  }

  /** A filter on workload, authority and route only. */
  public TapFilter(TapTarget target, Optional<String> authority, Optional<String> route) {
    this(target, authority, route, Optional.empty(), Optional.empty());
  }

  public boolean matches(TappedRequest request) {
    return (target.is(request.source()) || target.is(request.destination()))
        && authority.map(a -> authorityMatches(a, request)).orElse(true)
        && route.map(request.route()::equals).orElse(true)
        && path.map(p -> !request.path().isEmpty() && request.path().startsWith(p)).orElse(true)
        && method.map(m -> m.equalsIgnoreCase(request.method())).orElse(true);
  }

  private static void checkPath(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("--path: expected a path starting with '/', got '" + path + "'");
    }
    if (path.indexOf('?') >= 0) {
      throw new IllegalArgumentException("--path: the recorded path has no query string; drop it from '" + path + "'");
    }
  }

  /** An HTTP method is a token (RFC 9110 9.1); it is compared in upper case. */
  private static String checkMethod(String method) {
    String m = method.trim();
    if (m.isEmpty() || !m.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_')) {
      throw new IllegalArgumentException("--method: expected an HTTP method such as GET or POST, got '" + method + "'");
    }
    return m.toUpperCase(Locale.ROOT);
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
