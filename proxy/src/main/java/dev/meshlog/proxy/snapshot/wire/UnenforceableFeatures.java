package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.StringMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names every part of a snapshot this proxy cannot enforce yet. Like Envoy refusing a filter config it
 * does not know, the proxy NACKs such a snapshot and keeps its last good config: silently dropping
 * a retry policy, or ignoring a condition of an ALLOW policy, would be worse than not applying the change.
 * The list shrinks as the data plane grows; the engine still builds the full snapshot.
 */
final class UnenforceableFeatures {

  private static final Set<String> MATCHABLE_PSEUDO_HEADERS = Set.of(":authority", ":method", ":path");

  private UnenforceableFeatures() {}

  static List<String> of(ProxySnapshot snapshot) {
    List<String> found = new ArrayList<>();
    for (RouteConfig route : snapshot.getRoutes()) {
      for (int i = 0; i < route.getRules().size(); i++) {
        rule("route " + route.getName() + " rule " + label(route.getRules().get(i), i), route.getRules().get(i), found);
      }
    }
    for (ClusterConfig cluster : snapshot.getClusters()) {
      cluster("cluster " + cluster.getName(), cluster, found);
    }
    inbound(snapshot.getInbound(), found);
    return found.stream().map(f -> f + ": not enforced by this proxy yet").toList();
  }

  private static String label(RouteRule rule, int index) {
    return rule.getName().isEmpty() ? "#" + index : rule.getName();
  }

  private static void rule(String where, RouteRule rule, List<String> found) {
    for (HttpMatchRequest match : rule.getMatch()) {
      pseudoHeaders(where, match.getHeaders(), found);
      pseudoHeaders(where, match.getWithoutHeaders(), found);
    }
  }

  /** Header matches may name the pseudo-headers the request line carries; others (":scheme") are not seen here. */
  private static void pseudoHeaders(String where, Map<String, StringMatch> headers, List<String> found) {
    headers.keySet().stream()
        .filter(name -> name.startsWith(":") && !MATCHABLE_PSEUDO_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
        .sorted()
        .forEach(name -> found.add(where + " match on header " + name));
  }

  private static void cluster(String where, ClusterConfig cluster, List<String> found) {
    // connectionPool (retries own maxRetries) and outlierDetection are enforced: circuit, outlier, retry.
    // tls (ISTIO_MUTUAL, DISABLE) is enforced: mesh mTLS, see mtls.UpstreamTls.
    flag(!"STATIC".equals(cluster.getResolution()), where + " resolution " + cluster.getResolution(), found);
  }

  private static void inbound(InboundPolicy inbound, List<String> found) {
    if (inbound == null) {
      return;
    }
    // mtlsMode and portLevelMtls (STRICT included) are enforced: see mtls.InboundMtlsHandler.
    // ALLOW, DENY and AUDIT are enforced (authz); only conditions the proxy cannot evaluate are not.
    AuthorizationWire.unenforceable(inbound, found);
  }

  private static void flag(boolean present, String what, List<String> found) {
    if (present) {
      found.add(what);
    }
  }
}
