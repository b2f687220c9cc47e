package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ConsistentHashSpec;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.TcpRouteConfig;
import dev.meshlog.proxy.balance.HashPolicy;
import dev.meshlog.proxy.balance.LoadBalancing;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.HeaderOperations;
import dev.meshlog.proxy.route.HeaderPolicy;
import dev.meshlog.proxy.route.MirrorPolicy;
import dev.meshlog.proxy.route.Percentage;
import dev.meshlog.proxy.route.Rewrite;
import dev.meshlog.proxy.route.Rule;
import dev.meshlog.proxy.route.RuleAction;
import dev.meshlog.proxy.route.VirtualHost;
import dev.meshlog.proxy.route.WeightedCluster;
import dev.meshlog.proxy.snapshot.Snapshot;
import dev.meshlog.proxy.tcp.TcpRoute;
import java.time.Duration;
import java.util.Optional;

/**
 * Avro snapshot to domain records: the only place generated classes meet routing code. Resolves
 * endpoint addresses and compiles match regexes, so call it off the event loops (the snapshot thread
 * does).
 */
public final class SnapshotWire {

  private SnapshotWire() {}

  /**
   * @throws IllegalArgumentException for values the schema admits but a proxy cannot use (a port
   *     out of range, a regex that does not compile), naming the route and rule
   */
  public static Snapshot toDomain(ProxySnapshot wire) {
    return new Snapshot(
        wire.getProxyId(),
        wire.getVersion(),
        wire.getHash(),
        wire.getRoutes().stream().map(SnapshotWire::host).toList(),
        wire.getClusters().stream().map(SnapshotWire::cluster).toList(),
        wire.getTcpRoutes().stream().map(SnapshotWire::tcpRoute).toList(),
        UnenforceableFeatures.of(wire),
        MtlsWire.security(wire),
        AuthorizationWire.toDomain(wire.getInbound()));
  }

  /** Header operations on a tcp destination mean nothing to a byte stream (Istio's TCPRoute has none). */
  private static TcpRoute tcpRoute(TcpRouteConfig route) {
    return new TcpRoute(route.getName(), route.getPort(),
        route.getClusters().stream().map(c -> new WeightedCluster(c.getCluster(), c.getWeight())).toList());
  }

  private static VirtualHost host(RouteConfig route) {
    return new VirtualHost(route.getName(), route.getPort(), route.getDomains(),
        route.getRules().stream().map(rule -> rule(route, rule)).toList());
  }

  private static Rule rule(RouteConfig route, RouteRule rule) {
    try {
      return new Rule(rule.getName(), rule.getMatch().stream().map(MatchWire::match).toList(), action(rule),
          headers(rule.getHeaders()), FaultWire.fault(rule.getFault()), mirror(rule));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("route " + route.getName() + " rule "
          + (rule.getName().isEmpty() ? "#" + route.getRules().indexOf(rule) : rule.getName()) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Istio allows one of directResponse, redirect, route; a direct response wins if the wire had more.
   * A timeout only means something when forwarding (Envoy has none on the other two); null is none.
   */
  private static RuleAction action(RouteRule rule) {
    if (rule.getDirectResponse() != null) {
      return new RuleAction.DirectResponse(rule.getDirectResponse().getStatus(),
          Optional.ofNullable(rule.getDirectResponse().getBody()));
    }
    if (rule.getRedirect() != null) {
      return new RuleAction.Redirect(Optional.ofNullable(rule.getRedirect().getUri()),
          Optional.ofNullable(rule.getRedirect().getAuthority()), rule.getRedirect().getRedirectCode());
    }
    Rewrite rewrite = rule.getRewrite() == null ? Rewrite.NONE
        : new Rewrite(Optional.ofNullable(rule.getRewrite().getUri()), Optional.ofNullable(rule.getRewrite().getAuthority()));
    Duration timeout = rule.getTimeoutMs() == null ? Duration.ZERO : Duration.ofMillis(rule.getTimeoutMs());
    return new RuleAction.Route(rule.getClusters().stream()
        .map(c -> new WeightedCluster(c.getCluster(), c.getWeight(), headers(c.getHeaders()))).toList(), rewrite, timeout,
        RetryWire.policy(rule.getRetries()));
  }

  /** Istio mirrors every request when a mirror has no percentage. */
  private static MirrorPolicy mirror(RouteRule rule) {
    if (rule.getMirrorCluster() == null) {
      return MirrorPolicy.NONE;
    }
    double percent = rule.getMirrorPercentage() == null ? 100 : rule.getMirrorPercentage();
    return new MirrorPolicy(rule.getMirrorCluster(), Percentage.of(percent));
  }

  private static HeaderPolicy headers(HeadersSpec spec) {
    if (spec == null) {
      return HeaderPolicy.NONE;
    }
    return new HeaderPolicy(operations(spec.getRequest()), operations(spec.getResponse()));
  }

  private static HeaderOperations operations(dev.meshlog.avro.HeaderOperations ops) {
    return ops == null ? HeaderOperations.NONE : HeaderOperations.of(ops.getSet(), ops.getAdd(), ops.getRemove());
  }

  private static Cluster cluster(ClusterConfig cluster) {
    try {
      return new Cluster(cluster.getName(), cluster.getHost(), Optional.ofNullable(cluster.getSubset()), cluster.getPort(),
          cluster.getEndpoints().stream().map(SnapshotWire::endpoint).toList(), loadBalancing(cluster),
          CircuitWire.limits(cluster.getConnectionPool()), CircuitWire.outlier(cluster.getOutlierDetection()),
          RetryWire.maxRetries(cluster.getConnectionPool()), MtlsWire.tls(cluster.getTls()));
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("cluster ") ? e
          : new IllegalArgumentException("cluster " + cluster.getName() + ": " + e.getMessage(), e);
    }
  }

  private static LoadBalancing loadBalancing(ClusterConfig cluster) {
    LoadBalancing.Kind kind = LoadBalancing.Kind.parse(cluster.getLoadBalancer());
    ConsistentHashSpec hash = cluster.getConsistentHash();
    if (kind != LoadBalancing.Kind.RING_HASH) {
      return switch (kind) {
        case LEAST_REQUEST -> LoadBalancing.LEAST_REQUEST;
        case RANDOM -> LoadBalancing.RANDOM;
        default -> LoadBalancing.ROUND_ROBIN;
      };
    }
    if (hash == null) {
      throw new IllegalArgumentException("cluster " + cluster.getName() + " is RING_HASH without a consistentHash");
    }
    HashPolicy on;
    if (hash.getHttpHeaderName() != null) {
      on = new HashPolicy.Header(hash.getHttpHeaderName());
    } else if (hash.getHttpCookieName() != null) {
      on = new HashPolicy.Cookie(hash.getHttpCookieName(), Optional.ofNullable(hash.getHttpCookiePath()),
          Optional.ofNullable(hash.getHttpCookieTtlMs()).map(Duration::ofMillis));
    } else if (hash.getUseSourceIp()) {
      on = new HashPolicy.SourceIp();
    } else {
      throw new IllegalArgumentException("cluster " + cluster.getName() + " hashes on nothing");
    }
    return LoadBalancing.ringHash(on, hash.getMinimumRingSize());
  }

  private static Endpoint endpoint(EndpointConfig endpoint) {
    return Endpoint.resolve(endpoint.getAddress(), endpoint.getPort(), endpoint.getWorkload(), endpoint.getLabels(),
        endpoint.getWeight(), endpoint.getIdentity());
  }
}
