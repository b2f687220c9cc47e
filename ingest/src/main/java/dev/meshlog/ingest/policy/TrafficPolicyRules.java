package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.ConsistentHashSpec;
import dev.meshlog.avro.LoadBalancerSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.PortTrafficPolicySpec;
import dev.meshlog.avro.TrafficPolicySpec;
import java.util.HashMap;
import java.util.Map;

/** Rules of a traffic policy, Istio's validation of the parts Meshlog supports. */
final class TrafficPolicyRules {

  private TrafficPolicyRules() {}

  static void check(TrafficPolicySpec policy, String path, Problems problems) {
    if (policy == null) {
      return;
    }
    checkParts(policy.getLoadBalancer(), policy.getConnectionPool(), policy.getOutlierDetection(), policy.getTls(), path, problems);
    Map<Integer, Integer> seen = new HashMap<>();
    String portsPath = field(path, "portLevelSettings");
    for (int i = 0; i < list(policy.getPortLevelSettings()).size(); i++) {
      PortTrafficPolicySpec port = policy.getPortLevelSettings().get(i);
      String portPath = item(portsPath, i);
      if (port == null) {
        problems.add(portPath, "is required");
        continue;
      }
      String numberPath = field(portPath, "port.number");
      if (port.getPort() < 1 || port.getPort() > 65535) {
        problems.add(numberPath, "must be between 1 and 65535 (was " + port.getPort() + ")");
      } else {
        Integer first = seen.putIfAbsent(port.getPort(), i);
        if (first != null) {
          problems.add(numberPath, "duplicate port " + port.getPort() + " (also " + item(portsPath, first) + ")");
        }
      }
      checkParts(port.getLoadBalancer(), port.getConnectionPool(), port.getOutlierDetection(), port.getTls(), portPath, problems);
    }
  }

  private static void checkParts(LoadBalancerSpec loadBalancer, ConnectionPoolSpec pool, OutlierDetectionSpec outlier,
      ClientTlsSpec tls, String path, Problems problems) {
    checkLoadBalancer(loadBalancer, field(path, "loadBalancer"), problems);
    checkConnectionPool(pool, field(path, "connectionPool"), problems);
    checkOutlierDetection(outlier, field(path, "outlierDetection"), problems);
    if (tls != null && tls.getMode() == null) {
      problems.add(field(path, "tls.mode"), "is required");
    }
  }

  private static void checkLoadBalancer(LoadBalancerSpec lb, String path, Problems problems) {
    if (lb == null) {
      return;
    }
    if (lb.getSimple() == null && lb.getConsistentHash() == null) {
      problems.add(path, "needs simple or consistentHash");
    } else if (lb.getSimple() != null && lb.getConsistentHash() != null) {
      problems.add(path, "exactly one of simple, consistentHash is allowed");
    }
    ConsistentHashSpec hash = lb.getConsistentHash();
    if (hash == null) {
      return;
    }
    String hashPath = field(path, "consistentHash");
    int keys = (hash.getHttpHeaderName() != null ? 1 : 0) + (hash.getHttpCookieName() != null ? 1 : 0) + (hash.getUseSourceIp() ? 1 : 0);
    if (keys != 1) {
      problems.add(hashPath, "needs exactly one of httpHeaderName, httpCookie, useSourceIp (has " + keys + ")");
    }
    if (hash.getHttpHeaderName() != null && !HeaderRules.isHeaderName(hash.getHttpHeaderName())) {
      problems.add(field(hashPath, "httpHeaderName"), "'" + hash.getHttpHeaderName() + "' is not a valid header name");
    }
    if (hash.getHttpCookieName() != null && hash.getHttpCookieName().isEmpty()) {
      problems.add(field(hashPath, "httpCookie.name"), "is required");
    }
    atLeast(hash.getHttpCookieTtlMs(), 0, field(hashPath, "httpCookie.ttl"), "ms", problems);
    atLeast(hash.getMinimumRingSize(), 1, field(hashPath, "minimumRingSize"), "", problems);
  }

  private static void checkConnectionPool(ConnectionPoolSpec pool, String path, Problems problems) {
    if (pool == null) {
      return;
    }
    atLeast(pool.getMaxConnections(), 0, field(path, "tcp.maxConnections"), "", problems);
    atLeast(pool.getConnectTimeoutMs(), 1, field(path, "tcp.connectTimeout"), "ms", problems);
    atLeast(pool.getHttp1MaxPendingRequests(), 0, field(path, "http.http1MaxPendingRequests"), "", problems);
    atLeast(pool.getHttp2MaxRequests(), 0, field(path, "http.http2MaxRequests"), "", problems);
    atLeast(pool.getMaxRequestsPerConnection(), 0, field(path, "http.maxRequestsPerConnection"), "", problems);
    atLeast(pool.getMaxRetries(), 0, field(path, "http.maxRetries"), "", problems);
    atLeast(pool.getIdleTimeoutMs(), 1, field(path, "http.idleTimeout"), "ms", problems);
  }

  private static void checkOutlierDetection(OutlierDetectionSpec outlier, String path, Problems problems) {
    if (outlier == null) {
      return;
    }
    atLeast(outlier.getConsecutive5xxErrors(), 0, field(path, "consecutive5xxErrors"), "", problems);
    atLeast(outlier.getConsecutiveGatewayErrors(), 0, field(path, "consecutiveGatewayErrors"), "", problems);
    atLeast(outlier.getIntervalMs(), 1, field(path, "interval"), "ms", problems);
    atLeast(outlier.getBaseEjectionTimeMs(), 1, field(path, "baseEjectionTime"), "ms", problems);
    Integer percent = outlier.getMaxEjectionPercent();
    if (percent != null && (percent < 0 || percent > 100)) {
      problems.add(field(path, "maxEjectionPercent"), "must be between 0 and 100 (was " + percent + ")");
    }
  }

  private static void atLeast(Number value, long minimum, String path, String unit, Problems problems) {
    if (value != null && value.longValue() < minimum) {
      problems.add(path, "must be at least " + minimum + unit + " (was " + value + unit + ")");
    }
  }
}
