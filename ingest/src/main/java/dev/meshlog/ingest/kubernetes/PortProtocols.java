package dev.meshlog.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Locale;
import java.util.Map;

/**
 * A Service port's protocol as Istio selects it: {@code appProtocol} first, then the port name's prefix
 * ({@code http-web}, {@code grpc}); UDP and SCTP ports keep their transport. An unrecognised port is
 * HTTP, where Istio would sniff the protocol at runtime (Meshlog proxies do not sniff).
 */
final class PortProtocols {

  private static final Map<String, String> KNOWN = Map.ofEntries(
      Map.entry("http", "HTTP"), Map.entry("http2", "HTTP2"), Map.entry("https", "HTTPS"), Map.entry("grpc", "GRPC"),
      Map.entry("grpc-web", "GRPC-WEB"), Map.entry("tcp", "TCP"), Map.entry("tls", "TLS"), Map.entry("mongo", "MONGO"),
      Map.entry("redis", "REDIS"), Map.entry("mysql", "MYSQL"), Map.entry("kubernetes.io/h2c", "HTTP2"));

  private PortProtocols() {}

  static String of(ServicePort port) {
    if (port.getProtocol() != null && !"TCP".equalsIgnoreCase(port.getProtocol())) {
      return port.getProtocol().toUpperCase(Locale.ROOT);
    }
    if (port.getAppProtocol() != null) {
      String known = KNOWN.get(port.getAppProtocol().toLowerCase(Locale.ROOT));
      if (known != null) {
        return known;
      }
    }
    String name = port.getName() == null ? "" : port.getName().toLowerCase(Locale.ROOT);
    if (KNOWN.containsKey(name)) {
      return KNOWN.get(name);
    }
    int dash = name.indexOf('-');
    return dash > 0 ? KNOWN.getOrDefault(name.substring(0, dash), "HTTP") : "HTTP";
  }
}
