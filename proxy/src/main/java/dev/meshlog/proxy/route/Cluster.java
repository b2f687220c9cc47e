package dev.meshlog.proxy.route;

import dev.meshlog.proxy.balance.LoadBalancing;
import dev.meshlog.proxy.circuit.CircuitLimits;
import dev.meshlog.proxy.mtls.UpstreamTlsMode;
import dev.meshlog.proxy.outlier.OutlierPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A set of interchangeable endpoints, named like Envoy's clusters ({@code outbound|80|v1|host}).
 *
 * @param host the fully qualified service the cluster serves
 * @param subset the DestinationRule subset, empty for all of the service's endpoints
 * @param loadBalancing how a request picks one of the endpoints; round robin when unset, as in Envoy
 * @param limits circuit breakers and pool settings ({@link CircuitLimits#DEFAULTS} when unset)
 * @param outlier outlier detection ({@link OutlierPolicy#NONE} when unset)
 * @param maxRetries connectionPool.maxRetries: concurrent retries to the cluster at most (Envoy's
 *     max_retries circuit breaker), empty when unset
 * @param tls the DestinationRule's client TLS mode; AUTO (Istio's auto mTLS) when it sets none
 */
public record Cluster(String name, String host, Optional<String> subset, int port, List<Endpoint> endpoints,
    LoadBalancing loadBalancing, CircuitLimits limits, OutlierPolicy outlier, OptionalInt maxRetries,
    UpstreamTlsMode tls) {

  public Cluster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    subset = Objects.requireNonNullElse(subset, Optional.empty());
    endpoints = List.copyOf(endpoints);
    loadBalancing = Objects.requireNonNullElse(loadBalancing, LoadBalancing.ROUND_ROBIN);
    limits = Objects.requireNonNullElse(limits, CircuitLimits.DEFAULTS);
    outlier = Objects.requireNonNullElse(outlier, OutlierPolicy.NONE);
    maxRetries = Objects.requireNonNullElse(maxRetries, OptionalInt.empty());
    tls = Objects.requireNonNullElse(tls, UpstreamTlsMode.AUTO);
  }

  /** A cluster without a TLS setting of its own (auto mTLS). */
  public Cluster(String name, String host, Optional<String> subset, int port, List<Endpoint> endpoints,
      LoadBalancing loadBalancing, CircuitLimits limits, OutlierPolicy outlier, OptionalInt maxRetries) {
    this(name, host, subset, port, endpoints, loadBalancing, limits, outlier, maxRetries, UpstreamTlsMode.AUTO);
  }

  /** A cluster without limits, outlier detection or a retry limit of its own. */
  public Cluster(String name, String host, Optional<String> subset, int port, List<Endpoint> endpoints,
      LoadBalancing loadBalancing) {
    this(name, host, subset, port, endpoints, loadBalancing, CircuitLimits.DEFAULTS, OutlierPolicy.NONE, OptionalInt.empty());
  }

  /** A round-robin cluster. */
  public Cluster(String name, String host, Optional<String> subset, int port, List<Endpoint> endpoints) {
    this(name, host, subset, port, endpoints, LoadBalancing.ROUND_ROBIN);
  }

  /** The namespace of a {@code svc.ns.svc.cluster.local} host, or "unknown" for other names. */
  public String namespace() {
    return namespaceOf(host);
  }

  /** {@code reviews.default.svc.cluster.local} -> {@code default}; a short name -> "unknown". */
  public static String namespaceOf(String host) {
    int first = host.indexOf('.');
    if (first < 0) {
      return Endpoint.UNKNOWN;
    }
    int second = host.indexOf('.', first + 1);
    String ns = second < 0 ? host.substring(first + 1) : host.substring(first + 1, second);
    return ns.isEmpty() ? Endpoint.UNKNOWN : ns;
  }
}
