package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.avro.HttpDirectResponse;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRedirect;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.HttpRewrite;
import dev.meshlog.avro.MtlsMode;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of one proxy's snapshot (no version, no provenance offsets, no causes: those belong to
 * the log, see {@code wire.SnapshotWire}). Routes, clusters, tcp routes and endpoints are sorted on
 * creation so the same content always encodes to the same bytes, and the whole is checked by
 * {@link SnapshotConsistency} the way java-control-plane's {@code Snapshot.ensureConsistent} does.
 */
public record ProxyConfig(String proxyId, List<Route> routes, List<Cluster> clusters, List<TcpRoute> tcpRoutes, Inbound inbound,
    String trustDomain, List<String> trustBundle) {

  public ProxyConfig {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(inbound, "inbound");
    Objects.requireNonNull(trustDomain, "trustDomain");
    trustBundle = List.copyOf(trustBundle); // the CA's order (signing root last): kept, not sorted
    routes = routes.stream().sorted(Comparator.comparing(Route::name)).toList();
    clusters = clusters.stream().sorted(Comparator.comparing(Cluster::name)).toList();
    tcpRoutes = tcpRoutes.stream().sorted(Comparator.comparing(TcpRoute::name).thenComparingInt(TcpRoute::port)).toList();
    SnapshotConsistency.ensure(proxyId, routes, clusters, tcpRoutes);
  }

  /** No trust bundle yet, in the default trust domain. */
  public ProxyConfig(String proxyId, List<Route> routes, List<Cluster> clusters, List<TcpRoute> tcpRoutes, Inbound inbound) {
    this(proxyId, routes, clusters, tcpRoutes, inbound, WorkloadIdentity.DEFAULT_TRUST_DOMAIN, List.of());
  }

  /** HTTP routes and clusters only, no inbound policy: the shape of the first snapshots. */
  public ProxyConfig(String proxyId, List<Route> routes, List<Cluster> clusters) {
    this(proxyId, routes, clusters, List.of(), Inbound.NONE);
  }

  /** A virtual host: the names it answers to, and its rules in order (first match wins). */
  public record Route(String name, int port, List<String> domains, List<Rule> rules, List<String> provenance) {
    public Route {
      Objects.requireNonNull(name, "name");
      domains = List.copyOf(domains);
      rules = List.copyOf(rules);
      provenance = provenance.stream().distinct().sorted().toList();
    }
  }

  /** One Istio HTTPRoute as this proxy sees it: source matches already decided, destinations named as clusters. */
  public record Rule(String name, List<HttpMatchRequest> match, List<WeightedCluster> clusters, Optional<HttpRedirect> redirect,
      Optional<HttpRewrite> rewrite, Optional<HttpDirectResponse> directResponse, Optional<HeadersSpec> headers,
      Optional<Long> timeoutMs, Optional<HttpRetrySpec> retries, Optional<HttpFaultSpec> fault, Optional<String> mirrorCluster,
      Optional<Double> mirrorPercentage) {
    public Rule {
      Objects.requireNonNull(name, "name");
      match = List.copyOf(match);
      clusters = List.copyOf(clusters);
      Objects.requireNonNull(redirect, "redirect");
      Objects.requireNonNull(rewrite, "rewrite");
      Objects.requireNonNull(directResponse, "directResponse");
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(timeoutMs, "timeoutMs");
      Objects.requireNonNull(retries, "retries");
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(mirrorCluster, "mirrorCluster");
      Objects.requireNonNull(mirrorPercentage, "mirrorPercentage");
    }

    /** Every request, split over {@code clusters}. */
    public Rule(String name, List<WeightedCluster> clusters) {
      this(name, List.of(), clusters, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  public record WeightedCluster(String cluster, int weight, Optional<HeadersSpec> headers) {
    public WeightedCluster {
      Objects.requireNonNull(cluster, "cluster");
      Objects.requireNonNull(headers, "headers");
    }

    public WeightedCluster(String cluster, int weight) {
      this(cluster, weight, Optional.empty());
    }
  }

  /** A VirtualService tcp route: connections to {@code name:port} split over clusters. */
  public record TcpRoute(String name, int port, List<WeightedCluster> clusters, List<String> provenance) {
    public TcpRoute {
      Objects.requireNonNull(name, "name");
      clusters = List.copyOf(clusters);
      provenance = provenance.stream().distinct().sorted().toList();
    }
  }

  /** An upstream cluster: its resolved traffic policy and the endpoints it balances over. */
  public record Cluster(String name, String host, Optional<String> subset, int port, TrafficSettings policy, List<Endpoint> endpoints,
      boolean external, String resolution, List<String> provenance) {
    public Cluster {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(subset, "subset");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(resolution, "resolution");
      endpoints = endpoints.stream()
          .sorted(Comparator.comparing(Endpoint::workload).thenComparing(Endpoint::address).thenComparingInt(Endpoint::port))
          .toList();
      provenance = provenance.stream().distinct().sorted().toList();
    }

    public String loadBalancer() {
      return policy.loadBalancer();
    }
  }

  /**
   * An endpoint: a workload's inbound listener, or a ServiceEntry address (or DNS name). {@code identity} is the
   * SPIFFE URI the workload presents under mTLS, empty for an endpoint without a mesh workload behind it.
   */
  public record Endpoint(String address, int port, String workload, SortedMap<String, String> labels, int weight, String identity) {
    public Endpoint {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(workload, "workload");
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
      Objects.requireNonNull(identity, "identity");
    }

    /** An endpoint without a mesh identity (a ServiceEntry address). */
    public Endpoint(String address, int port, String workload, SortedMap<String, String> labels, int weight) {
      this(address, port, workload, labels, weight, "");
    }

    public Endpoint(String address, int port, String workload, SortedMap<String, String> labels) {
      this(address, port, workload, labels, 1);
    }
  }

  /** What this proxy enforces on traffic to its own workload. */
  public record Inbound(MtlsMode mtlsMode, SortedMap<Integer, MtlsMode> portLevelMtls, List<Authorization> authorization,
      List<String> provenance) {

    /** No policy applies: Istio's default (UNSET means PERMISSIVE), no authorization. */
    public static final Inbound NONE = new Inbound(MtlsMode.UNSET, new TreeMap<>(), List.of(), List.of());

    public Inbound {
      Objects.requireNonNull(mtlsMode, "mtlsMode");
      portLevelMtls = Collections.unmodifiableSortedMap(new TreeMap<>(portLevelMtls));
      authorization = authorization.stream().sorted(Comparator.comparing(Authorization::name)).toList();
      provenance = provenance.stream().distinct().sorted().toList();
    }
  }

  /** One AuthorizationPolicy selecting this workload, named by its subject. */
  public record Authorization(String name, AuthzAction action, List<AuthzRule> rules) {
    public Authorization {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(action, "action");
      rules = List.copyOf(rules);
    }
  }
}
