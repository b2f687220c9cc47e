package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.bool;
import static dev.meshlog.ingest.policy.YamlFields.choice;
import static dev.meshlog.ingest.policy.YamlFields.duration;
import static dev.meshlog.ingest.policy.YamlFields.integer;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.longInteger;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.object;
import static dev.meshlog.ingest.policy.YamlFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.ClientTlsMode;
import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.ConsistentHashSpec;
import dev.meshlog.avro.LoadBalancerSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.PortTrafficPolicySpec;
import dev.meshlog.avro.SimpleLb;
import dev.meshlog.avro.TrafficPolicySpec;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.List;
import java.util.Optional;

/** Reads an Istio TrafficPolicy (of a DestinationRule, a subset, or a port of either). */
final class TrafficPolicyReader {

  private static final String[] UNSUPPORTED_POLICY = {"tunnel", "proxyProtocol", "retryBudget"};
  static final Shape TRAFFIC_POLICY = Shape.of("loadBalancer", "connectionPool", "outlierDetection", "tls", "portLevelSettings")
      .unsupported(UNSUPPORTED_POLICY);
  private static final Shape PORT_POLICY = Shape.of("port", "loadBalancer", "connectionPool", "outlierDetection", "tls");
  private static final Shape PORT = Shape.of("number");
  private static final Shape LOAD_BALANCER = Shape.of("simple", "consistentHash").unsupported("localityLbSetting",
      "warmupDurationSecs", "warmup");
  private static final Shape CONSISTENT_HASH = Shape.of("httpHeaderName", "httpCookie", "useSourceIp", "minimumRingSize")
      .unsupported("httpQueryParameterName", "ringHash", "maglev");
  private static final Shape COOKIE = Shape.of("name", "path", "ttl").unsupported("attributes");
  private static final Shape CONNECTION_POOL = Shape.of("tcp", "http");
  private static final Shape TCP_POOL = Shape.of("maxConnections", "connectTimeout")
      .unsupported("tcpKeepalive", "maxConnectionDuration", "idleTimeout", "maxConcurrentStreams");
  private static final Shape HTTP_POOL = Shape.of("http1MaxPendingRequests", "http2MaxRequests", "maxRequestsPerConnection",
      "maxRetries", "idleTimeout").unsupported("h2UpgradePolicy", "useClientProtocol", "maxConcurrentStreams");
  private static final Shape OUTLIER = Shape.of("consecutive5xxErrors", "consecutiveGatewayErrors", "interval",
      "baseEjectionTime", "maxEjectionPercent").unsupported("consecutiveErrors", "splitExternalLocalOriginErrors",
      "consecutiveLocalOriginFailures", "minHealthPercent");
  private static final Shape TLS = Shape.of("mode").unsupported("clientCertificate", "privateKey", "caCertificates",
      "credentialName", "subjectAltNames", "sni", "insecureSkipVerify", "caCrl");
  // LEAST_CONN is Istio's deprecated spelling of LEAST_REQUEST.
  private static final List<String> SIMPLE = List.of("ROUND_ROBIN", "LEAST_REQUEST", "LEAST_CONN", "RANDOM");

  private TrafficPolicyReader() {}

  /** A traffic policy mapping whose keys were already checked against {@link #TRAFFIC_POLICY}. */
  static TrafficPolicySpec read(JsonNode node, String path, Problems problems) {
    return new TrafficPolicySpec(loadBalancer(node, path, problems), connectionPool(node, path, problems),
        outlierDetection(node, path, problems), tls(node, path, problems),
        list(node, "portLevelSettings", path, problems).stream().map(port -> portPolicy(port, problems)).toList());
  }

  private static PortTrafficPolicySpec portPolicy(Element port, Problems problems) {
    PortTrafficPolicySpec result = new PortTrafficPolicySpec(0, null, null, null, null);
    if (!mapping(port.node(), port.path(), PORT_POLICY, problems)) {
      return result;
    }
    String portPath = field(port.path(), "port");
    Optional<Integer> number = object(port.node(), "port", port.path(), PORT, problems)
        .flatMap(p -> integer(p, "number", portPath, problems));
    if (number.isEmpty()) {
      problems.add(field(portPath, "number"), "is required");
    }
    result.setPort(number.orElse(0));
    result.setLoadBalancer(loadBalancer(port.node(), port.path(), problems));
    result.setConnectionPool(connectionPool(port.node(), port.path(), problems));
    result.setOutlierDetection(outlierDetection(port.node(), port.path(), problems));
    result.setTls(tls(port.node(), port.path(), problems));
    return result;
  }

  private static LoadBalancerSpec loadBalancer(JsonNode policy, String policyPath, Problems problems) {
    String path = field(policyPath, "loadBalancer");
    return object(policy, "loadBalancer", policyPath, LOAD_BALANCER, problems).map(lb -> new LoadBalancerSpec(
        choice(lb, "simple", path, SIMPLE, List.of("PASSTHROUGH", "UNSPECIFIED"), problems)
            .map(simple -> simple.equals("LEAST_CONN") ? SimpleLb.LEAST_REQUEST : SimpleLb.valueOf(simple))
            .orElse(null),
        object(lb, "consistentHash", path, CONSISTENT_HASH, problems)
            .map(hash -> consistentHash(hash, field(path, "consistentHash"), problems))
            .orElse(null)))
        .orElse(null);
  }

  private static ConsistentHashSpec consistentHash(JsonNode hash, String path, Problems problems) {
    ConsistentHashSpec result = new ConsistentHashSpec(null, null, null, null, false, 1024L);
    result.setHttpHeaderName(string(hash, "httpHeaderName", path, problems).orElse(null));
    object(hash, "httpCookie", path, COOKIE, problems).ifPresent(cookie -> {
      String cookiePath = field(path, "httpCookie");
      result.setHttpCookieName(string(cookie, "name", cookiePath, problems).orElse(""));
      result.setHttpCookiePath(string(cookie, "path", cookiePath, problems).orElse(null));
      result.setHttpCookieTtlMs(duration(cookie, "ttl", cookiePath, problems).orElse(null));
    });
    result.setUseSourceIp(bool(hash, "useSourceIp", path, problems).orElse(false));
    result.setMinimumRingSize(longInteger(hash, "minimumRingSize", path, problems).orElse(1024L));
    return result;
  }

  private static ConnectionPoolSpec connectionPool(JsonNode policy, String policyPath, Problems problems) {
    String path = field(policyPath, "connectionPool");
    return object(policy, "connectionPool", policyPath, CONNECTION_POOL, problems).map(pool -> {
      ConnectionPoolSpec result = new ConnectionPoolSpec(null, null, null, null, null, null, null);
      String tcpPath = field(path, "tcp");
      object(pool, "tcp", path, TCP_POOL, problems).ifPresent(tcp -> {
        result.setMaxConnections(integer(tcp, "maxConnections", tcpPath, problems).orElse(null));
        result.setConnectTimeoutMs(duration(tcp, "connectTimeout", tcpPath, problems).orElse(null));
      });
      String httpPath = field(path, "http");
      object(pool, "http", path, HTTP_POOL, problems).ifPresent(http -> {
        result.setHttp1MaxPendingRequests(integer(http, "http1MaxPendingRequests", httpPath, problems).orElse(null));
        result.setHttp2MaxRequests(integer(http, "http2MaxRequests", httpPath, problems).orElse(null));
        result.setMaxRequestsPerConnection(integer(http, "maxRequestsPerConnection", httpPath, problems).orElse(null));
        result.setMaxRetries(integer(http, "maxRetries", httpPath, problems).orElse(null));
        result.setIdleTimeoutMs(duration(http, "idleTimeout", httpPath, problems).orElse(null));
      });
      return result;
    }).orElse(null);
  }

  private static OutlierDetectionSpec outlierDetection(JsonNode policy, String policyPath, Problems problems) {
    String path = field(policyPath, "outlierDetection");
    return object(policy, "outlierDetection", policyPath, OUTLIER, problems).map(od -> new OutlierDetectionSpec(
        integer(od, "consecutive5xxErrors", path, problems).orElse(null),
        integer(od, "consecutiveGatewayErrors", path, problems).orElse(null),
        duration(od, "interval", path, problems).orElse(null),
        duration(od, "baseEjectionTime", path, problems).orElse(null),
        integer(od, "maxEjectionPercent", path, problems).orElse(null)))
        .orElse(null);
  }

  private static ClientTlsSpec tls(JsonNode policy, String policyPath, Problems problems) {
    String path = field(policyPath, "tls");
    return object(policy, "tls", policyPath, TLS, problems).map(tls -> {
      Optional<String> mode = choice(tls, "mode", path, List.of("DISABLE", "ISTIO_MUTUAL"), List.of("SIMPLE", "MUTUAL"), problems);
      if (mode.isEmpty() && !tls.has("mode")) {
        problems.add(field(path, "mode"), "is required");
      }
      return new ClientTlsSpec(mode.map(ClientTlsMode::valueOf).orElse(ClientTlsMode.DISABLE));
    }).orElse(null);
  }
}
