package dev.meshlog.cli.replay;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyDocuments;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Policy and cluster events, and raw input records of them, for the replay tests (the YAML texts for the ITs too). */
public final class ReplayFixtures {

  static final Topics TOPICS = Topics.withPrefix("t.");
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private ReplayFixtures() {}

  /** reviews split between subsets v1 and v2: format with the two weights. */
  public static final String REVIEWS = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: default}
      spec:
        host: reviews
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: default}
      spec:
        hosts: [reviews]
        http:
        - route:
          - {destination: {host: reviews, subset: v1}, weight: %d}
          - {destination: {host: reviews, subset: v2}, weight: %d}
      """;

  /** An external service at a static address, a cluster in every proxy's snapshot: format with name and host label. */
  public static final String ENTRY = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: %s, namespace: default}
      spec:
        hosts: [%s.example.com]
        location: MESH_EXTERNAL
        ports: [{number: 80, name: http, protocol: HTTP}]
        resolution: STATIC
        endpoints: [{address: 127.0.0.1}]
      """;

  /** The accepted events of a YAML text, numbered from {@code sequence}, by {@code actor}. */
  static java.util.List<PolicyEvent> events(String yaml, long sequence, String actor) {
    ParseResult parsed = PolicyDocuments.parse("test.yaml", yaml, new Attribution(actor, "test", Source.CLI));
    if (parsed instanceof ParseResult.Refused refused) {
      throw new IllegalArgumentException(refused.errors().toString());
    }
    java.util.List<PolicyEvent> events = new java.util.ArrayList<>();
    long seq = sequence;
    for (PolicyCommand c : ((ParseResult.Parsed) parsed).commands()) {
      events.add(event(c, seq++));
    }
    return events;
  }

  static PolicyEvent event(PolicyCommand c, long sequence) {
    return PolicyEvent.newBuilder().setEnvelope(Envelope.newBuilder(c.getEnvelope()).build()).setSequence(sequence).setGeneration(1)
        .setOperation(c.getOperation()).setApiVersion(c.getApiVersion()).setKind(c.getKind()).setNamespace(c.getNamespace())
        .setName(c.getName()).setSpec(c.getSpec()).setDocument(c.getDocument()).build();
  }

  static PolicyEvent deleted(PolicyEvent last, long sequence) {
    return PolicyEvent.newBuilder(last).setSequence(sequence).setOperation(Operation.DELETE).setSpec(null).setDocument(null).build();
  }

  static ClusterEvent workload(String proxyId, String service, String version, int port, ClusterChange change) {
    Map<String, String> labels = version == null ? Map.of("app", service) : Map.of("app", service, "version", version);
    WorkloadResource w = WorkloadResource.newBuilder().setName(proxyId).setNamespace("default").setService(service)
        .setServiceAccount(service).setLabels(labels).setProxyId(proxyId).setAddress("127.0.0.1").setPort(port).setServicePort(80).build();
    Envelope envelope = Envelope.newBuilder().setId(proxyId + "-" + change).setType("Workload" + change).setSubject(Subjects.of("Workload", "default", proxyId))
        .setActor("proxy").setReason("").setSource(Source.PROXY).setTime(T0).build();
    return new ClusterEvent(envelope, change, w);
  }

  static <V> InputRecord record(TopicSpec<String, V> topic, long offset, long secondsAfterT0, String key, V value) {
    byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
    return new InputRecord(topic.name(), 0, offset, T0.plusSeconds(secondsAfterT0).toEpochMilli(), key.getBytes(StandardCharsets.UTF_8), bytes);
  }

  static InputRecord policy(long offset, long secondsAfterT0, PolicyEvent event) {
    return record(TOPICS.policyEvents(), offset, secondsAfterT0, Subjects.of(event.getKind(), event.getNamespace(), event.getName()), event);
  }

  static InputRecord cluster(long offset, long secondsAfterT0, ClusterEvent event) {
    return record(TOPICS.clusterEvents(), offset, secondsAfterT0, event.getEnvelope().getSubject(), event);
  }
}
