package dev.meshlog.engine.wire;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.L4MatchAttributes;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.ServiceEntryLocation;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.avro.WorkloadEntrySpec;
import dev.meshlog.engine.snapshot.AuthorizationPolicy;
import dev.meshlog.engine.snapshot.DestinationRule;
import dev.meshlog.engine.snapshot.MeshResource;
import dev.meshlog.engine.snapshot.PeerAuthentication;
import dev.meshlog.engine.snapshot.ServiceEntry;
import dev.meshlog.engine.snapshot.Sidecar;
import dev.meshlog.engine.snapshot.VirtualService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The six policy specs to the engine's records. Sub-records that travel into snapshots unchanged
 * (matches, header operations, retries, traffic policies, authorization rules) are kept as wire
 * types, but as canonical deep copies ({@link AvroCanonical}): the domain never shares a mutable
 * record with the event it came from, and its maps always encode in the same order.
 */
final class PolicySpecs {

  private PolicySpecs() {}

  static Optional<MeshResource> resource(String subject, String namespace, long sequence, Object spec) {
    if (spec instanceof VirtualServiceSpec vs) {
      return Optional.of(new VirtualService(subject, namespace, sequence, vs.getHosts(),
          vs.getHttp().stream().map(PolicySpecs::http).toList(), vs.getTcp().stream().map(PolicySpecs::tcp).toList()));
    }
    if (spec instanceof DestinationRuleSpec dr) {
      return Optional.of(new DestinationRule(subject, namespace, sequence, dr.getHost(),
          Optional.ofNullable(AvroCanonical.copy(dr.getTrafficPolicy())), dr.getSubsets().stream().map(PolicySpecs::subset).toList()));
    }
    if (spec instanceof ServiceEntrySpec se) {
      return Optional.of(new ServiceEntry(subject, namespace, se.getHosts(),
          se.getPorts().stream().map(p -> new ServiceEntry.Port(p.getNumber(), p.getName(), p.getProtocol(), Optional.ofNullable(p.getTargetPort()))).toList(),
          se.getLocation() == ServiceEntryLocation.MESH_EXTERNAL, se.getResolution().name(),
          se.getEndpoints().stream().map(PolicySpecs::endpoint).toList()));
    }
    if (spec instanceof PeerAuthenticationSpec pa) {
      TreeMap<Integer, MtlsMode> ports = new TreeMap<>();
      pa.getPortLevelMtls().forEach((port, mode) -> ports.put(Integer.parseInt(port), mode));
      return Optional.of(new PeerAuthentication(subject, namespace, MeshChanges.sorted(pa.getSelector()), pa.getMtlsMode(), ports));
    }
    if (spec instanceof AuthorizationPolicySpec ap) {
      return Optional.of(new AuthorizationPolicy(subject, namespace, MeshChanges.sorted(ap.getSelector()), ap.getAction(),
          ap.getRules().stream().map(AvroCanonical::copy).toList()));
    }
    if (spec instanceof SidecarSpec sc) {
      return Optional.of(new Sidecar(subject, namespace, MeshChanges.sorted(sc.getWorkloadSelector()),
          sc.getEgress().stream().map(e -> new Sidecar.Egress(Optional.ofNullable(e.getPort()), e.getHosts())).toList()));
    }
    return Optional.empty();
  }

  private static VirtualService.HttpRoute http(HttpRouteSpec r) {
    return new VirtualService.HttpRoute(Optional.ofNullable(r.getName()), r.getMatch().stream().map(AvroCanonical::copy).toList(),
        r.getRoute().stream().map(PolicySpecs::destination).toList(), Optional.ofNullable(AvroCanonical.copy(r.getRedirect())),
        Optional.ofNullable(AvroCanonical.copy(r.getRewrite())), Optional.ofNullable(AvroCanonical.copy(r.getDirectResponse())),
        Optional.ofNullable(AvroCanonical.copy(r.getHeaders())), Optional.ofNullable(r.getTimeoutMs()),
        Optional.ofNullable(AvroCanonical.copy(r.getRetries())), Optional.ofNullable(AvroCanonical.copy(r.getFault())),
        Optional.ofNullable(r.getMirror()).map(m -> new VirtualService.Destination(m.getHost(), Optional.ofNullable(m.getSubset()),
            Optional.ofNullable(m.getPort()), 100, Optional.empty())),
        Optional.ofNullable(r.getMirrorPercentage()));
  }

  private static VirtualService.TcpRoute tcp(TcpRouteSpec r) {
    return new VirtualService.TcpRoute(r.getMatch().stream().map(PolicySpecs::l4).toList(),
        r.getRoute().stream().map(PolicySpecs::destination).toList());
  }

  private static VirtualService.L4Match l4(L4MatchAttributes m) {
    return new VirtualService.L4Match(Optional.ofNullable(m.getPort()), MeshChanges.sorted(m.getSourceLabels()),
        Optional.ofNullable(m.getSourceNamespace()));
  }

  private static VirtualService.Destination destination(WeightedDestination d) {
    return new VirtualService.Destination(d.getHost(), Optional.ofNullable(d.getSubset()), Optional.ofNullable(d.getPort()), d.getWeight(),
        Optional.ofNullable(AvroCanonical.copy(d.getHeaders())));
  }

  private static DestinationRule.Subset subset(SubsetSpec s) {
    return new DestinationRule.Subset(s.getName(), MeshChanges.sorted(s.getLabels()), Optional.ofNullable(AvroCanonical.copy(s.getTrafficPolicy())));
  }

  private static ServiceEntry.Endpoint endpoint(WorkloadEntrySpec e) {
    Map<String, Integer> ports = e.getPorts() == null ? Map.of() : e.getPorts();
    return new ServiceEntry.Endpoint(e.getAddress(), new TreeMap<>(ports), MeshChanges.sorted(e.getLabels()), Optional.ofNullable(e.getWeight()));
  }

}
