package dev.meshlog.cli.provenance;

import dev.meshlog.avro.AuthorizationConfig;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.TcpRouteConfig;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.schemas.Subjects;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pure mapping from a proxy's snapshot to the events that produced each of its parts.
 *
 * <p>Which resources shaped a part is not worked out again here: the engine's {@code SnapshotAssembler}
 * already records it in the snapshot, as the {@code provenance} subjects of every route, tcp route,
 * cluster and of the inbound policy (the VirtualService that won the host by chain sequence, the
 * DestinationRule of a subset or traffic policy, the ServiceEntry, the PeerAuthentications that decided
 * the mTLS mode, every AuthorizationPolicy). Reusing that record, instead of re-deriving Istio's
 * precedence from the resources in force, means the explanation cannot disagree with what the engine
 * did. Only parts no policy shaped are mapped by name here: a host's Service
 * ({@code Service/<ns>/<name>} from {@code <name>.<ns>.svc.cluster.local}) and the Workloads behind its
 * endpoints ({@code Workload/<ns>/<endpoint workload>}), and the bundle of the snapshot's trust domain.
 *
 * <p>Each subject is then resolved to the event the snapshot had folded: the subject's last event at or
 * before the snapshot's source offset on that event's topic-partition.
 */
public final class Provenance {

  private static final String CLUSTER_DOMAIN = ".svc.cluster.local";

  private final ProxySnapshot snapshot;
  private final EventLog log;
  private final SnapshotPosition position;
  private final Map<String, ClusterConfig> clusters;

  private Provenance(ProxySnapshot snapshot, EventLog log) {
    this.snapshot = snapshot;
    this.log = log;
    this.position = SnapshotPosition.of(snapshot);
    this.clusters = snapshot.getClusters().stream().collect(Collectors.toMap(ClusterConfig::getName, Function.identity(), (a, b) -> a));
  }

  public static Explanation explain(ProxySnapshot snapshot, EventLog log) {
    return new Provenance(snapshot, log).explanation();
  }

  private Explanation explanation() {
    return new Explanation(snapshot.getProxyId(), snapshot.getVersion(), snapshot.getHash(), position,
        snapshot.getRoutes().stream().map(this::route).toList(),
        snapshot.getTcpRoutes().stream().map(this::tcpRoute).toList(),
        snapshot.getClusters().stream().map(this::cluster).toList(),
        inbound(Optional.ofNullable(snapshot.getInbound())),
        List.of(trustBundle()));
  }

  private Element route(RouteConfig route) {
    List<Element> rules = new ArrayList<>();
    List<String> virtualServices = ofKind(route.getProvenance(), "VirtualService");
    for (int i = 0; i < route.getRules().size(); i++) {
      RouteRule rule = route.getRules().get(i);
      Set<String> subjects = new LinkedHashSet<>(virtualServices);
      // a subset destination's DestinationRule decided where the split goes: the cluster's provenance names it
      rule.getClusters().forEach(c -> subjects.addAll(ofKind(clusterProvenance(c.getCluster()), "DestinationRule")));
      String name = rule.getName().isEmpty() ? "#" + i : rule.getName();
      rules.add(new Element("rule", name, "-> " + destinations(rule.getClusters()), Optional.empty(), origins(subjects), List.of()));
    }
    String name = route.getName() + ":" + route.getPort();
    if (virtualServices.isEmpty()) {
      String target = route.getRules().isEmpty() || route.getRules().get(0).getClusters().isEmpty() ? ""
          : route.getRules().get(0).getClusters().get(0).getCluster();
      return new Element("route", name, "all traffic -> " + target, Optional.of("no VirtualService for this host"),
          origins(hostSubjects(route.getName(), target)), List.of());
    }
    return new Element("route", name, route.getRules().size() + " rule(s)", Optional.empty(), origins(route.getProvenance()), rules);
  }

  private Element tcpRoute(TcpRouteConfig route) {
    return new Element("tcp-route", route.getName() + ":" + route.getPort(), "-> " + destinations(route.getClusters()),
        Optional.empty(), origins(route.getProvenance()), List.of());
  }

  private Element cluster(ClusterConfig cluster) {
    Set<String> subjects = new LinkedHashSet<>(cluster.getProvenance());
    boolean shaped = cluster.getProvenance().stream().anyMatch(s -> s.startsWith("DestinationRule/") || s.startsWith("ServiceEntry/"));
    serviceOf(cluster.getHost()).filter(s -> !log.of(s).isEmpty()).ifPresent(subjects::add);
    List<Element> endpoints = cluster.getEndpoints().stream().map(e -> endpoint(cluster, e)).toList();
    String detail = cluster.getLoadBalancer() + ", " + cluster.getEndpoints().size() + " endpoint(s)"
        + (cluster.getExternal() ? ", external" : "");
    return new Element("cluster", cluster.getName(), detail,
        shaped ? Optional.empty() : Optional.of("no DestinationRule or ServiceEntry: default traffic policy, the Service's workloads"),
        origins(subjects), endpoints);
  }

  private Element endpoint(ClusterConfig cluster, EndpointConfig endpoint) {
    return new Element("endpoint", endpoint.getAddress() + ":" + endpoint.getPort(), endpoint.getWorkload(), Optional.empty(),
        origins(List.of(endpointSubject(cluster, endpoint))), List.of());
  }

  private List<Element> inbound(Optional<InboundPolicy> found) {
    List<Element> parts = new ArrayList<>();
    MtlsMode mode = found.map(InboundPolicy::getMtlsMode).orElse(MtlsMode.UNSET);
    List<String> peerAuthentications = found.map(i -> ofKind(i.getProvenance(), "PeerAuthentication")).orElse(List.of());
    String ports = found.map(InboundPolicy::getPortLevelMtls).filter(m -> !m.isEmpty())
        .map(m -> ", ports " + m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))
        .orElse("");
    parts.add(new Element("mtls", mode.name(), accepts(mode) + ports,
        peerAuthentications.isEmpty() ? Optional.of("no PeerAuthentication applies") : Optional.empty(),
        origins(peerAuthentications), List.of()));
    List<AuthorizationConfig> policies = found.map(InboundPolicy::getAuthorization).orElse(List.of());
    if (policies.isEmpty()) {
      parts.add(new Element("authorization", "none", "every request allowed", Optional.of("no AuthorizationPolicy selects this workload"),
          List.of(), List.of()));
    }
    for (AuthorizationConfig policy : policies) {
      parts.add(new Element("authorization", policy.getName(), policy.getAction().name() + ", " + policy.getRules().size() + " rule(s)",
          Optional.empty(), origins(List.of(policy.getName())), List.of()));
    }
    return parts;
  }

  private static String accepts(MtlsMode mode) {
    return switch (mode) {
      case STRICT -> "mutual TLS only";
      case DISABLE -> "plain text only";
      case PERMISSIVE -> "mutual TLS and plain text";
      default -> "mutual TLS and plain text (unset: Istio's default, PERMISSIVE)";
    };
  }

  private Element trustBundle() {
    int roots = snapshot.getTrustBundle().size();
    if (roots == 0) {
      return new Element("trust-bundle", snapshot.getTrustDomain(), "no roots: peers are not verified",
          Optional.of("no trust bundle published for this trust domain"), List.of(), List.of());
    }
    return new Element("trust-bundle", snapshot.getTrustDomain(), roots + " root(s)", Optional.empty(),
        origins(List.of(LogEvent.bundleSubject(snapshot.getTrustDomain()))), List.of());
  }

  /** What a host with no VirtualService is made of: its ServiceEntry, or its Service and the workloads behind it. */
  private List<String> hostSubjects(String host, String cluster) {
    Set<String> subjects = new LinkedHashSet<>(ofKind(clusterProvenance(cluster), "ServiceEntry"));
    serviceOf(host).filter(s -> !log.of(s).isEmpty()).ifPresent(subjects::add);
    Optional.ofNullable(clusters.get(cluster))
        .ifPresent(c -> c.getEndpoints().forEach(e -> subjects.add(endpointSubject(c, e))));
    return List.copyOf(subjects);
  }

  /** A ServiceEntry endpoint names its entry (a subject); a workload endpoint its workload, in the host's namespace. */
  private static String endpointSubject(ClusterConfig cluster, EndpointConfig endpoint) {
    if (endpoint.getWorkload().contains("/")) {
      return endpoint.getWorkload();
    }
    String namespace = namespaceOfIdentity(endpoint.getIdentity())
        .or(() -> serviceOf(cluster.getHost()).map(s -> s.split("/")[1]))
        .orElse("default");
    return Subjects.of("Workload", namespace, endpoint.getWorkload());
  }

  /** {@code spiffe://td/ns/<ns>/sa/<sa>}: the endpoint workload's namespace. */
  private static Optional<String> namespaceOfIdentity(String identity) {
    String[] parts = identity.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equals("ns")) {
        return Optional.of(parts[i + 1]);
      }
    }
    return Optional.empty();
  }

  /** {@code name.ns.svc.cluster.local} -> {@code Service/ns/name}; other hosts are not Kubernetes services. */
  static Optional<String> serviceOf(String host) {
    if (!host.endsWith(CLUSTER_DOMAIN)) {
      return Optional.empty();
    }
    String[] labels = host.substring(0, host.length() - CLUSTER_DOMAIN.length()).split("\\.");
    return labels.length == 2 ? Optional.of(Subjects.of("Service", labels[1], labels[0])) : Optional.empty();
  }

  private List<String> clusterProvenance(String cluster) {
    return Optional.ofNullable(clusters.get(cluster)).map(ClusterConfig::getProvenance).orElse(List.of());
  }

  private static List<String> ofKind(List<String> subjects, String kind) {
    return subjects.stream().filter(s -> s.startsWith(kind + "/")).toList();
  }

  private static String destinations(List<WeightedCluster> clusters) {
    return clusters.stream().map(c -> c.getCluster() + " " + c.getWeight() + "%").collect(Collectors.joining(", "));
  }

  private List<Origin> origins(Iterable<String> subjects) {
    List<Origin> origins = new ArrayList<>();
    for (String subject : subjects) {
      origins.add(origin(subject));
    }
    return origins;
  }

  private Origin origin(String subject) {
    Optional<LogEvent> folded = position.asMap().isEmpty() ? log.newest(subject) : log.inForceAt(subject, position);
    if (folded.isEmpty()) {
      return new Origin.Unknown(subject, log.of(subject).isEmpty() ? "no event of it in the log (retention or compaction)"
          : "its event folded into this snapshot is no longer in the log (compacted)");
    }
    LogEvent event = folded.get();
    boolean first = snapshot.getCauses().stream().anyMatch(c -> matches(c, event));
    Optional<LogEvent> newer = log.newest(subject).filter(n -> n.offset() != event.offset() || !n.topic().equals(event.topic()));
    return new Origin.Found(event, first, newer);
  }

  private static boolean matches(SnapshotCause cause, LogEvent event) {
    return event.at(cause.getTopic(), cause.getPartition(), cause.getOffset());
  }
}
