package dev.meshlog.cli.bench;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.SidecarEgress;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.ingest.policy.PolicyCommands;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The benchmark's policies as typed commands, built directly rather than from YAML: a thousand
 * documents would measure the YAML reader, and the specs here are fully qualified already.
 */
final class BenchPolicies {

  static final String VIRTUAL_SERVICE = "VirtualService";
  static final String DESTINATION_RULE = "DestinationRule";
  static final String SIDECAR = "Sidecar";
  static final String API_VERSION = "networking.istio.io/v1";
  static final String ACTOR = "bench:fanout";
  /** Istio's root namespace: a Sidecar's egress names it so mesh-wide services stay visible. */
  static final List<String> NAMESPACE_EGRESS = List.of("./*", "istio-system/*");

  private BenchPolicies() {}

  /** The namespace-wide Sidecar that limits its proxies to their own namespace (and the root one). */
  static PolicyCommand sidecar(String namespace) {
    SidecarSpec spec = SidecarSpec.newBuilder()
        .setWorkloadSelector(Map.of())
        .setEgress(List.of(SidecarEgress.newBuilder().setPort(null).setHosts(NAMESPACE_EGRESS).build()))
        .build();
    return upsert(SIDECAR, namespace, "default", spec);
  }

  /** Subsets v1 and v2 of a target service, selected by the {@code version} label. */
  static PolicyCommand destinationRule(String namespace, String name, String host) {
    DestinationRuleSpec spec = DestinationRuleSpec.newBuilder()
        .setHost(host)
        .setSubsets(List.of(subset("v1"), subset("v2")))
        .setTrafficPolicy(null)
        .build();
    return upsert(DESTINATION_RULE, namespace, name, spec);
  }

  /** All traffic to {@code host} split between v1 ({@code v1Weight} percent) and v2. */
  static PolicyCommand virtualService(String namespace, String name, String host, int v1Weight) {
    HttpRouteSpec route = HttpRouteSpec.newBuilder()
        .setName("split")
        .setRoute(List.of(destination(host, "v1", v1Weight), destination(host, "v2", 100 - v1Weight)))
        .build();
    VirtualServiceSpec spec = VirtualServiceSpec.newBuilder().setHosts(List.of(host)).setHttp(List.of(route)).build();
    return upsert(VIRTUAL_SERVICE, namespace, name, spec);
  }

  static PolicyCommand virtualService(WeightFlip flip) {
    return virtualService(flip.namespace(), flip.name(), flip.host(), flip.v1Weight());
  }

  /** Removes what a run against an existing mesh added. */
  static PolicyCommand delete(String kind, String namespace, String name) {
    return command(kind, namespace, name, Operation.DELETE, PolicyCommands.DELETE_REQUESTED, null, "");
  }

  private static SubsetSpec subset(String version) {
    return SubsetSpec.newBuilder().setName(version).setLabels(Map.of("version", version)).setTrafficPolicy(null).build();
  }

  private static WeightedDestination destination(String host, String subset, int weight) {
    return WeightedDestination.newBuilder().setHost(host).setSubset(subset).setPort(null).setWeight(weight).setHeaders(null).build();
  }

  private static PolicyCommand upsert(String kind, String namespace, String name, SpecificRecord spec) {
    return command(kind, namespace, name, Operation.UPSERT, PolicyCommands.UPSERT_REQUESTED, spec, API_VERSION);
  }

  private static PolicyCommand command(String kind, String namespace, String name, Operation operation, String type,
      SpecificRecord spec, String apiVersion) {
    Envelope envelope = Envelope.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setType(type)
        .setSubject(Subjects.of(kind, namespace, name))
        .setActor(ACTOR)
        .setReason("control-plane fan-out benchmark")
        .setSource(Source.CLI)
        .setTime(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .build();
    return PolicyCommand.newBuilder()
        .setEnvelope(envelope)
        .setOperation(operation)
        .setApiVersion(apiVersion)
        .setKind(kind)
        .setNamespace(namespace)
        .setName(name)
        .setSpec(spec)
        .setDocument(null)
        .build();
  }
}
