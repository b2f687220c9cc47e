package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.cli.ingest.IstioApiServer;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.ingest.kubernetes.istio.IstioResourceSync;
import dev.meshlog.ingest.kubernetes.istio.IstioResourceType;
import dev.meshlog.ingest.kubernetes.istio.IstioSyncConfig;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyCommands;
import dev.meshlog.ingest.policy.PolicyDocuments;
import dev.meshlog.ingest.publish.PolicyPublisher;
import dev.meshlog.kafka.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Istio resources in a (mock, CRUD) Kubernetes API server reach the policy log as attributed KUBERNETES commands,
 * the real engine accepts them and the client proxy's snapshot carries the route; an invalid object is refused
 * and counted; a resync or a restart publishes nothing for unchanged objects; a deletion made while the sync was
 * stopped is published exactly once when it starts again.
 */
@ExtendWith(KafkaBroker.class)
class IstioResourceSyncIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final IstioResourceType VS = IstioResourceType.ALL.get(0);
  private static final IstioResourceType DR = IstioResourceType.ALL.get(1);

  private static MeshUnderTest mesh;
  private static KubernetesMockServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    mesh = new MeshUnderTest();
    server = IstioApiServer.start();
    client = server.createClient();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  private static IstioResourceSync startSync() {
    IstioResourceSync sync = IstioResourceSync.start(client, mesh.bootstrap, mesh.topics,
        IstioSyncConfig.defaults().withResync(Duration.ofSeconds(1))); // resyncs often: each must publish nothing
    await().atMost(WAIT).until(sync::isSynced);
    return sync;
  }

  private static GenericKubernetesResource object(IstioResourceType type, String name, Map<String, Object> spec) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(type.apiVersion());
    object.setKind(type.kindName());
    object.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default")
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl-client-side-apply").withOperation("Update")
            .withTime("2026-11-26T10:00:00Z").withApiVersion(type.apiVersion()).withFieldsType("FieldsV1").build())
        .build());
    object.setAdditionalProperty("spec", spec);
    return object;
  }

  private static Map<String, Object> weights(int v1, int v2) {
    return Map.of("hosts", List.of("reviews"), "http", List.of(Map.of("route", List.of(
        Map.of("destination", Map.of("host", "reviews", "subset", "v1"), "weight", v1),
        Map.of("destination", Map.of("host", "reviews", "subset", "v2"), "weight", v2)))));
  }

  private static void put(IstioResourceType type, GenericKubernetesResource object) {
    client.genericKubernetesResources(type.context()).inNamespace("default").resource(object).createOr(o -> o.update());
  }

  private static List<PolicyEvent> events() {
    List<PolicyEvent> events = new ArrayList<>();
    TopicScan.readAll(mesh.bootstrap, mesh.topics.policyEvents(), (key, event) -> events.add(event));
    return events;
  }

  private static List<String> summary(List<PolicyEvent> events) {
    return events.stream().map(e -> e.getOperation() + " " + e.getEnvelope().getSubject()).toList();
  }

  /** Waits until the log holds exactly {@code expected} events and still does a few seconds later. */
  private static List<PolicyEvent> awaitEvents(int expected) {
    await().atMost(WAIT).until(() -> events().size() >= expected);
    await().atMost(WAIT).during(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(500))
        .until(() -> events().size() == expected);
    return events();
  }

  @Test
  void shouldMirrorIstioObjectsIntoThePolicyLogWithoutDuplicatesOrLosses() throws Exception {
    IstioResourceSync sync = startSync();
    try {
      put(DR, object(DR, "reviews", Map.of("host", "reviews", "subsets", List.of(
          Map.of("name", "v1", "labels", Map.of("version", "v1")), Map.of("name", "v2", "labels", Map.of("version", "v2"))))));
      put(VS, object(VS, "reviews", weights(80, 20)));

      List<PolicyEvent> created = awaitEvents(2);
      // two informers: either may deliver first
      assertEquals(List.of("UPSERT DestinationRule/default/reviews", "UPSERT VirtualService/default/reviews"),
          summary(created).stream().sorted().toList());
      for (PolicyEvent event : created) {
        assertEquals(Source.KUBERNETES, event.getEnvelope().getSource());
        assertEquals("kubectl-client-side-apply", event.getEnvelope().getActor());
      }
      MeshSync.awaitAcked(mesh, MeshSync.clientWeights(80, 20));

      put(VS, object(VS, "reviews", weights(50, 50)));
      assertEquals("UPSERT VirtualService/default/reviews", summary(awaitEvents(3)).get(2), "one new event for the edit");
      MeshSync.awaitAcked(mesh, MeshSync.clientWeights(50, 50));

      put(VS, object(VS, "bad", weights(120, -20)));
      await().atMost(WAIT).until(() -> sync.counters().refused() == 1);
      assertEquals(3, awaitEvents(3).size(), "an invalid object publishes nothing");
      assertEquals(3, sync.counters().published());
    } finally {
      sync.close();
    }

    // A resource applied with the CLI, which Kubernetes does not have: the sync must leave it alone.
    ParseResult cli = PolicyDocuments.parse("cli.yaml", """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: cli-only, namespace: default}
        spec: {host: ratings}
        """, new Attribution("test:cli", "by hand", Source.CLI));
    try (PolicyPublisher publisher = new PolicyPublisher(mesh.bootstrap, mesh.topics)) {
      publisher.publish(((ParseResult.Parsed) cli).commands());
    }
    awaitEvents(4);

    IstioResourceSync restarted = startSync();
    try {
      assertEquals(4, awaitEvents(4).size(), "a restart publishes nothing for unchanged objects");
      assertEquals(0, restarted.counters().published());
    } finally {
      restarted.close();
    }

    client.genericKubernetesResources(VS.context()).inNamespace("default").withName("reviews").delete();
    IstioResourceSync afterDelete = startSync();
    try {
      List<PolicyEvent> all = awaitEvents(5);
      PolicyEvent delete = all.get(4);
      assertEquals("DELETE VirtualService/default/reviews", summary(all).get(4), summary(all).toString());
      assertEquals(Source.KUBERNETES, delete.getEnvelope().getSource());
      assertTrue(delete.getEnvelope().getReason().contains("while ingest was down"), delete.getEnvelope().getReason());
      assertEquals(1, summary(all).stream().filter(s -> s.startsWith("DELETE")).count(), "the CLI's resource stays: " + summary(all));
      assertEquals(1, afterDelete.counters().published());

      // Deleted with the CLI first, then in Kubernetes: the engine rejects the second delete; the sync logs and counts it.
      try (PolicyPublisher publisher = new PolicyPublisher(mesh.bootstrap, mesh.topics)) {
        publisher.publish(List.of(PolicyCommands.delete("DestinationRule", "default", "reviews",
            new Attribution("test:cli", "by hand", Source.CLI), Clock.systemUTC())));
      }
      awaitEvents(6);
      client.genericKubernetesResources(DR.context()).inNamespace("default").withName("reviews").delete();
      await().atMost(WAIT).until(() -> afterDelete.counters().rejected() == 1);
      assertEquals(2, afterDelete.counters().published());
      assertEquals(6, awaitEvents(6).size(), "a rejected command adds no event");
    } finally {
      afterDelete.close();
    }
    assertEquals(Operation.UPSERT, events().get(3).getOperation());
    assertEquals(Source.CLI, events().get(5).getEnvelope().getSource());
  }
}
