package dev.meshlog.cli.bench;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.ServicePort;
import dev.meshlog.avro.ServiceResource;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.ingest.publish.PolicyPublisher;
import dev.meshlog.ingest.publish.PolicyRejectedException;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the simulated mesh: policies through the real {@link PolicyPublisher} (validated, one
 * transaction per call), cluster events with a plain idempotent producer as sidecars and the
 * Kubernetes watcher do. Every service gets one endpoint labelled version=v1; change targets get a
 * second one labelled v2, so both subsets of their DestinationRule have an endpoint.
 */
final class MeshSeeder implements AutoCloseable {

  static final String SERVICE = "Service";
  static final String WORKLOAD = "Workload";
  private static final String CLIENT_SERVICE = "bench-client";

  private final MeshLayout layout;
  private final TopicSpec<String, ClusterEvent> clusterTopic;
  private final KafkaProducer<String, ClusterEvent> cluster;
  private final PolicyPublisher policies;
  private final List<ClusterEvent> registered = new ArrayList<>();
  /** One command per subject is enough to delete it again (a burst writes many per subject). */
  private final Map<String, PolicyCommand> upserted = new LinkedHashMap<>();

  MeshSeeder(String bootstrap, Topics topics, MeshLayout layout) {
    this.layout = layout;
    this.clusterTopic = topics.clusterEvents();
    this.cluster = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-bench-cluster-" + UUID.randomUUID(),
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.ACKS_CONFIG, "all"),
        clusterTopic.keySerde().serializer(), clusterTopic.valueSerde().serializer());
    this.policies = new PolicyPublisher(bootstrap, topics);
  }

  /** One Sidecar per namespace; empty when published, else why the publisher refused them (nothing written). */
  Optional<String> publishSidecars() {
    List<PolicyCommand> sidecars = layout.namespaceNames().stream().map(BenchPolicies::sidecar).toList();
    try {
      publish(sidecars);
      return Optional.empty();
    } catch (PolicyRejectedException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** DestinationRule and the seed VirtualService (v1 at 90) of every change target, in one transaction. */
  int publishTargetPolicies() {
    List<PolicyCommand> commands = new ArrayList<>();
    for (int j = 0; j < layout.targets(); j++) {
      String ns = layout.serviceNamespace(j);
      String name = MeshLayout.serviceName(j);
      commands.add(BenchPolicies.destinationRule(ns, name, layout.host(j)));
      commands.add(BenchPolicies.virtualService(ns, name, layout.host(j), WeightFlip.SEED_V1_WEIGHT));
    }
    publish(commands);
    return commands.size();
  }

  /** Services, their endpoints, then the proxies, as one burst; returns once the broker has them all. */
  int registerAll() {
    List<ClusterEvent> events = new ArrayList<>();
    for (int j = 0; j < layout.services(); j++) {
      String ns = layout.serviceNamespace(j);
      String name = MeshLayout.serviceName(j);
      events.add(service(ns, name));
      events.add(endpoint(ns, name, j, "v1"));
      if (j < layout.targets()) {
        events.add(endpoint(ns, name, j, "v2"));
      }
    }
    for (int i = 0; i < layout.proxies(); i++) {
      events.add(proxy(layout.proxyNamespace(i), MeshLayout.proxyId(i)));
    }
    events.forEach(e -> send(e, ClusterChange.REGISTERED));
    cluster.flush();
    registered.addAll(events);
    return events.size();
  }

  void publishChange(WeightFlip flip) {
    publish(List.of(BenchPolicies.virtualService(flip)));
  }

  /** Several commands in one transaction, as {@code meshlog apply -f} of a multi-document file does. */
  void publishBatch(List<PolicyCommand> commands) {
    publish(commands);
  }

  /** Deletes the policies and removes the workloads and services this seeder wrote (for a shared mesh). */
  void removeAll() {
    List<PolicyCommand> deletes = upserted.values().stream()
        .map(c -> BenchPolicies.delete(c.getKind(), c.getNamespace(), c.getName()))
        .toList();
    if (!deletes.isEmpty()) {
      policies.publish(deletes);
    }
    registered.forEach(e -> send(e, ClusterChange.REMOVED));
    cluster.flush();
  }

  private void publish(List<PolicyCommand> commands) {
    policies.publish(commands);
    commands.forEach(c -> upserted.putIfAbsent(c.getEnvelope().getSubject(), c));
  }

  private void send(ClusterEvent event, ClusterChange change) {
    String type = event.getEnvelope().getType().replace("Registered", change == ClusterChange.REMOVED ? "Removed" : "Registered");
    ClusterEvent sent = ClusterEvent.newBuilder(event).setChange(change)
        .setEnvelope(envelope(type, event.getEnvelope().getSubject())).build();
    cluster.send(new ProducerRecord<>(clusterTopic.name(), sent.getEnvelope().getSubject(), sent));
  }

  static ClusterEvent service(String ns, String name) {
    ServiceResource resource = ServiceResource.newBuilder().setName(name).setNamespace(ns)
        .setPorts(List.of(ServicePort.newBuilder().setName("http").setPort(80).setProtocol("HTTP").build()))
        .setLabels(Map.of("app", name)).build();
    return event("ServiceRegistered", Subjects.of(SERVICE, ns, name), resource);
  }

  static ClusterEvent endpoint(String ns, String service, int j, String version) {
    String name = service + "-" + version;
    WorkloadResource resource = WorkloadResource.newBuilder().setName(name).setNamespace(ns).setService(service)
        .setLabels(Map.of("app", service, "version", version)).setProxyId(null)
        .setAddress(address(j, version)).setPort(8080).setServicePort(80).build();
    return event("WorkloadRegistered", Subjects.of(WORKLOAD, ns, name), resource);
  }

  static ClusterEvent proxy(String ns, String proxyId) {
    WorkloadResource resource = WorkloadResource.newBuilder().setName(proxyId).setNamespace(ns).setService(CLIENT_SERVICE)
        .setLabels(Map.of("app", CLIENT_SERVICE, "version", "v1")).setProxyId(proxyId)
        .setAddress("127.0.0.1").setPort(0).setServicePort(80).build();
    return event("WorkloadRegistered", Subjects.of(WORKLOAD, ns, proxyId), resource);
  }

  /** 10.v.x.y: unique per service and version, never dialled (no traffic flows in this benchmark). */
  private static String address(int j, String version) {
    return "10." + (version.equals("v1") ? 1 : 2) + "." + (j / 250) % 256 + "." + (j % 250 + 1);
  }

  private static ClusterEvent event(String type, String subject, Object resource) {
    return ClusterEvent.newBuilder().setEnvelope(envelope(type, subject)).setChange(ClusterChange.REGISTERED)
        .setResource(resource).build();
  }

  private static Envelope envelope(String type, String subject) {
    return Envelope.newBuilder().setId(UUID.randomUUID().toString()).setType(type).setSubject(subject)
        .setActor(BenchPolicies.ACTOR).setSource(Source.CLI).setTime(Instant.now()).build();
  }

  @Override
  public void close() {
    policies.close();
    cluster.close(Duration.ofSeconds(5));
  }
}
