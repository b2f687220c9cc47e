package dev.meshlog.engine;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Commands and cluster events as ingest and sidecars write them, for the engine's tests. */
public final class MeshFixtures {

  public static final String API_VERSION = "networking.istio.io/v1";
  public static final String REVIEWS = "reviews.default.svc.cluster.local";
  public static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  private MeshFixtures() {}

  public static WeightedDestination to(String host, String subset, int weight) {
    return WeightedDestination.newBuilder().setHost(host).setSubset(subset).setWeight(weight).build();
  }

  public static PolicyCommand virtualService(String commandId, String namespace, String name, String host, WeightedDestination... route) {
    VirtualServiceSpec spec = VirtualServiceSpec.newBuilder()
        .setHosts(List.of(host))
        .setHttp(List.of(HttpRouteSpec.newBuilder().setRoute(List.of(route)).build()))
        .build();
    return command(commandId, Operation.UPSERT, "VirtualService", namespace, name, spec);
  }

  /** A DestinationRule with one subset per entry: subset name -> its labels. */
  public static PolicyCommand destinationRule(String commandId, String namespace, String name, String host,
      Map<String, Map<String, String>> subsets) {
    DestinationRuleSpec spec = DestinationRuleSpec.newBuilder()
        .setHost(host)
        .setSubsets(subsets.entrySet().stream()
            .map(e -> SubsetSpec.newBuilder().setName(e.getKey()).setLabels(new LinkedHashMap<>(e.getValue())).build())
            .toList())
        .build();
    return command(commandId, Operation.UPSERT, "DestinationRule", namespace, name, spec);
  }

  /** The reviews DestinationRule of the 90/10 example: subsets v1 and v2 by label "version". */
  public static PolicyCommand reviewsSubsets(String commandId) {
    Map<String, Map<String, String>> subsets = new LinkedHashMap<>();
    subsets.put("v1", Map.of("version", "v1"));
    subsets.put("v2", Map.of("version", "v2"));
    return destinationRule(commandId, "default", "reviews", REVIEWS, subsets);
  }

  public static PolicyCommand reviews90to10(String commandId) {
    return virtualService(commandId, "default", "reviews", REVIEWS, to(REVIEWS, "v1", 90), to(REVIEWS, "v2", 10));
  }

  public static PolicyCommand delete(String commandId, String kind, String namespace, String name) {
    PolicyCommand command = command(commandId, Operation.DELETE, kind, namespace, name, null);
    command.setApiVersion("");
    return command;
  }

  public static PolicyCommand command(String commandId, Operation operation, String kind, String namespace, String name, Object spec) {
    String subject = Subjects.of(kind, namespace, name);
    return PolicyCommand.newBuilder()
        .setEnvelope(envelope(commandId, operation == Operation.DELETE ? "PolicyDeleteRequested" : "PolicyUpsertRequested", subject, "alice", Source.CLI))
        .setOperation(operation)
        .setApiVersion(API_VERSION)
        .setKind(kind)
        .setNamespace(namespace)
        .setName(name)
        .setSpec(spec)
        .build();
  }

  /** A sidecar registering itself (the brief's contract); port 0: it has no inbound listener. */
  public static ClusterEvent workload(String name, String namespace, String service, String version, String proxyId, int port) {
    return workloadEvent(ClusterChange.REGISTERED, "WorkloadRegistered", name, namespace, service, version, proxyId, port);
  }

  public static ClusterEvent workloadRemoved(String name, String namespace, String service, String version, String proxyId, int port) {
    return workloadEvent(ClusterChange.REMOVED, "WorkloadRemoved", name, namespace, service, version, proxyId, port);
  }

  public static String workloadKey(String namespace, String name) {
    return Subjects.of("Workload", namespace, name);
  }

  private static ClusterEvent workloadEvent(ClusterChange change, String type, String name, String namespace, String service,
      String version, String proxyId, int port) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", service);
    if (version != null) {
      labels.put("version", version);
    }
    WorkloadResource resource = WorkloadResource.newBuilder()
        .setName(name).setNamespace(namespace).setService(service).setServiceAccount("default")
        .setLabels(labels).setProxyId(proxyId).setAddress("127.0.0.1").setPort(port).setServicePort(80)
        .build();
    return ClusterEvent.newBuilder()
        .setEnvelope(envelope(name + "-" + type, type, workloadKey(namespace, name), "proxy/" + proxyId, Source.PROXY))
        .setChange(change)
        .setResource(resource)
        .build();
  }

  private static Envelope envelope(String id, String type, String subject, String actor, Source source) {
    return Envelope.newBuilder()
        .setId(id).setType(type).setSubject(subject).setActor(actor).setReason("test").setSource(source).setTime(T0)
        .build();
  }
}
