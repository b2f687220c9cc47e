package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.AuthzSource;
import dev.meshlog.avro.Destination;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SidecarEgress;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small builders for Avro policy specs and commands, so each test states only what it is about. */
final class Fixtures {

  static final String NS = "default";
  static final String FILE = "policies.yaml";

  private Fixtures() {}

  static String host(String service) {
    return service + "." + NS + ".svc.cluster.local";
  }

  // ---- commands and views

  static PolicyCommand upsert(String kind, String namespace, String name, Object spec) {
    return command(Operation.UPSERT, kind, namespace, name, spec);
  }

  static PolicyCommand delete(String kind, String namespace, String name) {
    return command(Operation.DELETE, kind, namespace, name, null);
  }

  private static PolicyCommand command(Operation operation, String kind, String namespace, String name, Object spec) {
    String subject = Subjects.of(kind, namespace, name);
    return PolicyCommand.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("id-" + subject).setType("Test").setSubject(subject)
            .setActor("test").setTime(Instant.EPOCH).build())
        .setOperation(operation).setKind(kind).setNamespace(namespace).setName(name).setSpec(spec)
        .build();
  }

  static SourcedResource candidate(PolicyCommand command) {
    return new SourcedResource(FILE, command);
  }

  static SourcedResource inMesh(PolicyCommand command) {
    return new SourcedResource(SourcedResource.MESH, command);
  }

  static MeshView mesh(List<PolicyCommand> resources, Set<String> serviceHosts, WorkloadLabels... workloads) {
    return new MeshView(resources.stream().map(Fixtures::inMesh).toList(), serviceHosts, List.of(workloads));
  }

  static WorkloadLabels workload(String namespace, String name, String... labels) {
    return new WorkloadLabels(namespace, name, labels(labels));
  }

  /** Runs one check over candidates (all from {@link #FILE}) and a mesh. */
  static List<Finding> run(Check check, MeshView mesh, PolicyCommand... candidates) {
    List<SourcedResource> sourced = Arrays.stream(candidates).map(Fixtures::candidate).toList();
    return check.run(AnalysisContext.of(sourced, mesh));
  }

  static Map<String, String> labels(String... keyValues) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      labels.put(keyValues[i], keyValues[i + 1]);
    }
    return labels;
  }

  // ---- VirtualService

  static PolicyCommand virtualService(String name, List<String> hosts, HttpRouteSpec... routes) {
    return upsert(Kinds.VIRTUAL_SERVICE, NS, name,
        VirtualServiceSpec.newBuilder().setHosts(hosts).setHttp(List.of(routes)).build());
  }

  static HttpRouteSpec route(WeightedDestination... destinations) {
    return HttpRouteSpec.newBuilder().setRoute(List.of(destinations)).build();
  }

  static HttpRouteSpec route(List<HttpMatchRequest> matches, WeightedDestination... destinations) {
    return HttpRouteSpec.newBuilder().setRoute(List.of(destinations)).setMatch(matches).build();
  }

  static HttpRouteSpec mirrored(HttpRouteSpec route, String host, String subset) {
    return HttpRouteSpec.newBuilder(route)
        .setMirror(Destination.newBuilder().setHost(host).setSubset(subset).build()).build();
  }

  static WeightedDestination to(String host) {
    return to(host, null);
  }

  static WeightedDestination to(String host, String subset) {
    return WeightedDestination.newBuilder().setHost(host).setSubset(subset).build();
  }

  static HttpMatchRequest prefix(String prefix) {
    return uri(MatchKind.PREFIX, prefix);
  }

  static HttpMatchRequest uri(MatchKind kind, String value) {
    return HttpMatchRequest.newBuilder().setUri(StringMatch.newBuilder().setKind(kind).setValue(value).build()).build();
  }

  static HttpMatchRequest header(String name, String exact) {
    Map<String, StringMatch> headers = new LinkedHashMap<>();
    headers.put(name, StringMatch.newBuilder().setKind(MatchKind.EXACT).setValue(exact).build());
    return HttpMatchRequest.newBuilder().setHeaders(headers).build();
  }

  // ---- DestinationRule, ServiceEntry

  static PolicyCommand destinationRule(String name, String host, SubsetSpec... subsets) {
    return upsert(Kinds.DESTINATION_RULE, NS, name,
        DestinationRuleSpec.newBuilder().setHost(host).setSubsets(List.of(subsets)).build());
  }

  static SubsetSpec subset(String name, String... labels) {
    return SubsetSpec.newBuilder().setName(name).setLabels(labels(labels)).build();
  }

  static PolicyCommand serviceEntry(String namespace, String name, String... hosts) {
    return upsert(Kinds.SERVICE_ENTRY, namespace, name, ServiceEntrySpec.newBuilder().setHosts(List.of(hosts)).build());
  }

  // ---- security

  static PolicyCommand peerAuthentication(String namespace, String name, Map<String, String> selector,
      Map<String, MtlsMode> portLevel) {
    return upsert(Kinds.PEER_AUTHENTICATION, namespace, name, PeerAuthenticationSpec.newBuilder()
        .setSelector(selector).setMtlsMode(MtlsMode.STRICT).setPortLevelMtls(portLevel).build());
  }

  static PolicyCommand authorizationPolicy(String namespace, String name, Map<String, String> selector,
      AuthzAction action, AuthzRule... rules) {
    return upsert(Kinds.AUTHORIZATION_POLICY, namespace, name, AuthorizationPolicySpec.newBuilder()
        .setSelector(selector).setAction(action).setRules(new ArrayList<>(List.of(rules))).build());
  }

  static AuthzRule rule(List<AuthzSource> from, List<AuthzOperation> to) {
    return AuthzRule.newBuilder().setFrom(from).setTo(to).build();
  }

  static AuthzRule anyRequest() {
    return AuthzRule.newBuilder().build();
  }

  static AuthzSource fromNamespace(String namespace) {
    return AuthzSource.newBuilder().setNamespaces(List.of(namespace)).build();
  }

  static AuthzOperation method(String method) {
    return AuthzOperation.newBuilder().setMethods(List.of(method)).build();
  }

  static PolicyCommand sidecar(String namespace, String name, Map<String, String> selector, String... egressHosts) {
    SidecarSpec.Builder spec = SidecarSpec.newBuilder().setWorkloadSelector(selector);
    if (egressHosts.length > 0) {
      spec.setEgress(List.of(SidecarEgress.newBuilder().setHosts(List.of(egressHosts)).build()));
    }
    return upsert(Kinds.SIDECAR, namespace, name, spec.build());
  }
}
