package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.HttpMatchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A VirtualService's routes as one proxy sees them: match entries whose sourceLabels or
 * sourceNamespace do not fit the proxy are dropped (and the route with them when none is left, as
 * Istio does), the source conditions are stripped from what is left (decided here, not by the proxy),
 * and destinations become cluster names.
 */
final class RouteTranslation {

  private final Workload proxy;
  private final Function<VirtualService.Destination, ClusterKey> clusterOf;

  RouteTranslation(Workload proxy, Function<VirtualService.Destination, ClusterKey> clusterOf) {
    this.proxy = proxy;
    this.clusterOf = clusterOf;
  }

  /** The rules of {@code vs} for this proxy, in order; empty when every route was for other sources. */
  List<ProxyConfig.Rule> http(VirtualService vs) {
    List<ProxyConfig.Rule> rules = new ArrayList<>();
    for (VirtualService.HttpRoute route : vs.http()) {
      List<HttpMatchRequest> match = route.match().stream().filter(this::fits).map(RouteTranslation::withoutSource).toList();
      if (!route.match().isEmpty() && match.isEmpty()) {
        continue;
      }
      rules.add(new ProxyConfig.Rule(route.name().orElse(""), match, split(route.destinations()), route.redirect(), route.rewrite(),
          route.directResponse(), route.headers(), route.timeoutMs(), route.retries(), route.fault(),
          route.mirror().map(m -> clusterOf.apply(m).name()),
          route.mirror().isPresent() ? Optional.of(route.mirrorPercentage().orElse(100.0)) : Optional.empty()));
    }
    return rules;
  }

  /** The tcp routes of {@code vs} for {@code host}: one per port, the first route for a port winning. */
  List<ProxyConfig.TcpRoute> tcp(VirtualService vs, MeshHost host) {
    Map<Integer, ProxyConfig.TcpRoute> byPort = new LinkedHashMap<>();
    for (VirtualService.TcpRoute route : vs.tcp()) {
      List<VirtualService.L4Match> match = route.match().stream()
          .filter(m -> proxy.matches(m.sourceLabels()) && m.sourceNamespace().map(proxy.namespace()::equals).orElse(true))
          .toList();
      if (!route.match().isEmpty() && match.isEmpty()) {
        continue;
      }
      int port = match.stream().map(VirtualService.L4Match::port).flatMap(Optional::stream).findFirst().orElse(host.defaultPort());
      byPort.putIfAbsent(port, new ProxyConfig.TcpRoute(host.fqdn(), port, split(route.destinations()), List.of(vs.subject())));
    }
    return List.copyOf(byPort.values());
  }

  /** Weighted clusters; a lone destination takes all traffic whatever its weight says (Istio's rule). */
  private List<ProxyConfig.WeightedCluster> split(List<VirtualService.Destination> destinations) {
    return destinations.stream()
        .map(d -> new ProxyConfig.WeightedCluster(clusterOf.apply(d).name(), destinations.size() == 1 ? 100 : d.weight(), d.headers()))
        .toList();
  }

  private boolean fits(HttpMatchRequest match) {
    Map<String, String> labels = match.getSourceLabels() == null ? Map.of() : match.getSourceLabels();
    return proxy.matches(labels) && (match.getSourceNamespace() == null || match.getSourceNamespace().equals(proxy.namespace()));
  }

  private static HttpMatchRequest withoutSource(HttpMatchRequest match) {
    return HttpMatchRequest.newBuilder(match).setSourceLabels(new LinkedHashMap<>()).setSourceNamespace(null).build();
  }
}
