package dev.meshlog.cli.ingest;

import static dev.meshlog.cli.ingest.ClusterFixtures.CONTROLLER;
import static dev.meshlog.cli.ingest.ClusterFixtures.KUBECTL;
import static dev.meshlog.cli.ingest.ClusterFixtures.NS;
import static dev.meshlog.cli.ingest.ClusterFixtures.pod;
import static dev.meshlog.cli.ingest.ClusterFixtures.reviewsService;
import static dev.meshlog.cli.ingest.ClusterFixtures.reviewsSlice;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.ingest.kubernetes.KubernetesClusterIngest;
import dev.meshlog.ingest.registry.ClusterChangeSet;
import dev.meshlog.ingest.registry.ClusterSync;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kubernetes ingest against fabric8's mock API server (CRUD mode), a real broker and the real policy engine:
 * every step of a Deployment's life gives exactly the expected cluster events, and the client proxy's
 * snapshot lists exactly the expected endpoints. Informers resync every second throughout, so any event a
 * resync caused would break the exact sets.
 */
@ExtendWith(KafkaBroker.class)
@EnableKubernetesMockClient(crud = true)
class KubernetesIngestIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String CLIENT_PROXY = "client-0." + NS;
  private static final String REVIEWS = "reviews." + NS + ".svc.cluster.local";
  private static final String GONE = "kubernetes";

  KubernetesClient client;

  private final String bootstrap = KafkaBroker.bootstrapServers();
  private final String prefix = KafkaBroker.uniqueName("k8s") + ".";
  private final Topics topics = Topics.withPrefix(prefix);
  private final ClusterEventLog log = new ClusterEventLog(bootstrap, topics);
  private PolicyEngine engine;
  private ClusterSync sync;
  private KubernetesClusterIngest ingest;
  private int marks;

  @BeforeEach
  void startEngine() throws Exception {
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    engine = PolicyEngine.start(EngineConfig.defaults(bootstrap, topics, Files.createTempDirectory("k8s-ingest-engine"))
        .withApplicationIdPrefix(prefix + "engine"));
    engine.awaitRunning(Duration.ofSeconds(120));
  }

  @AfterEach
  void stop() {
    stopIngest();
    if (engine != null) {
      engine.close();
    }
  }

  private ClusterChangeSet startIngest() throws Exception {
    sync = ClusterSync.open(bootstrap, topics, "it-ingest", Map.of());
    ingest = new KubernetesClusterIngest(client, new KubernetesClusterIngest.Settings(Set.of(), Duration.ofSeconds(1), WAIT), sync.reconciler());
    return ingest.start();
  }

  private void stopIngest() {
    if (ingest != null) {
      ingest.close();
      ingest = null;
    }
    if (sync != null) {
      sync.close();
      sync = null;
    }
  }

  /** Waits until the events since the last step are exactly {@code expected} (sorted; a duplicate would show). */
  private void step(List<String> expected) {
    int from = marks;
    await().atMost(WAIT).until(() -> log.since(from), expected::equals);
    marks = log.events().size();
  }

  private void endpoints(String... expected) {
    await().atMost(WAIT).until(() -> log.endpoints(CLIENT_PROXY, REVIEWS), Set.of(expected)::equals);
  }

  private static String line(String change, String kind, String name, String actor) {
    return change + " " + kind + "/" + NS + "/" + name + " " + actor + " KUBERNETES";
  }

  @Test
  void shouldPublishEachChangeOnceAndFeedTheEngineThroughDeployScaleRolloutAndDelete() throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    Pod clientPod = client.pods().resource(pod("client-0", "client", "v1", "10.0.9.1", true)).create();
    ClusterChangeSet initial = startIngest();
    assertEquals(1, initial.changes().size(), "the client pod, already there before ingest started");
    assertTrue(ingest.isRunning(), "informers watching and the loop alive");
    step(List.of(line("REGISTERED", "Workload", "client-0", CONTROLLER)));

    // deploy: the Service, two sidecar pods (not ready yet: proxies with no endpoint), then the slice marks them ready
    client.services().resource(reviewsService()).create();
    Pod v1a = client.pods().resource(pod("reviews-v1-a", "reviews", "v1", "10.0.1.1", true)).create();
    Pod v1b = client.pods().resource(pod("reviews-v1-b", "reviews", "v1", "10.0.1.2", true)).create();
    step(List.of(line("REGISTERED", "Service", "reviews", KUBECTL), line("REGISTERED", "Workload", "reviews-v1-a", CONTROLLER),
        line("REGISTERED", "Workload", "reviews-v1-b", CONTROLLER)));
    client.resource(reviewsSlice(List.of(v1a, v1b))).create();
    step(List.of(line("UPDATED", "Workload", "reviews-v1-a", CONTROLLER), line("UPDATED", "Workload", "reviews-v1-b", CONTROLLER)));
    endpoints("10.0.1.1:9080 reviews-v1-a", "10.0.1.2:9080 reviews-v1-b");
    WorkloadResource ready = (WorkloadResource) last("Workload/shop/reviews-v1-a").getResource();
    assertEquals(List.of("reviews", "reviews", "reviews-v1-a.shop", "10.0.1.1", 9080, 9080),
        List.of(ready.getService(), ready.getServiceAccount(), ready.getProxyId(), ready.getAddress(), ready.getPort(), ready.getServicePort()));

    // scale up
    Pod v1c = client.pods().resource(pod("reviews-v1-c", "reviews", "v1", "10.0.1.3", true)).create();
    step(List.of(line("REGISTERED", "Workload", "reviews-v1-c", CONTROLLER)));
    client.resource(reviewsSlice(List.of(v1a, v1b, v1c))).update();
    step(List.of(line("UPDATED", "Workload", "reviews-v1-c", CONTROLLER)));
    endpoints("10.0.1.1:9080 reviews-v1-a", "10.0.1.2:9080 reviews-v1-b", "10.0.1.3:9080 reviews-v1-c");

    // rolling update: v2 pods in and ready, v1 pods out of the slice, then gone
    Pod v2a = client.pods().resource(pod("reviews-v2-a", "reviews", "v2", "10.0.2.1", true)).create();
    Pod v2b = client.pods().resource(pod("reviews-v2-b", "reviews", "v2", "10.0.2.2", true)).create();
    step(List.of(line("REGISTERED", "Workload", "reviews-v2-a", CONTROLLER), line("REGISTERED", "Workload", "reviews-v2-b", CONTROLLER)));
    client.resource(reviewsSlice(List.of(v2a, v2b))).update();
    step(List.of(line("UPDATED", "Workload", "reviews-v1-a", CONTROLLER), line("UPDATED", "Workload", "reviews-v1-b", CONTROLLER),
        line("UPDATED", "Workload", "reviews-v1-c", CONTROLLER), line("UPDATED", "Workload", "reviews-v2-a", CONTROLLER),
        line("UPDATED", "Workload", "reviews-v2-b", CONTROLLER)));
    endpoints("10.0.2.1:9080 reviews-v2-a", "10.0.2.2:9080 reviews-v2-b");
    for (Pod old : List.of(v1a, v1b, v1c)) {
      client.pods().resource(old).delete();
    }
    step(List.of(line("REMOVED", "Workload", "reviews-v1-a", GONE), line("REMOVED", "Workload", "reviews-v1-b", GONE),
        line("REMOVED", "Workload", "reviews-v1-c", GONE)));
    endpoints("10.0.2.1:9080 reviews-v2-a", "10.0.2.2:9080 reviews-v2-b");

    // delete: the Deployment's pods, then the Service (its slice goes with it)
    client.pods().resource(v2a).delete();
    client.pods().resource(v2b).delete();
    client.services().inNamespace(NS).withName("reviews").delete();
    client.resource(reviewsSlice(List.of())).delete();
    step(List.of(line("REMOVED", "Service", "reviews", GONE), line("REMOVED", "Workload", "reviews-v2-a", GONE),
        line("REMOVED", "Workload", "reviews-v2-b", GONE)));
    endpoints();

    // a namespace label change (injection reads it) changes no cluster record
    client.namespaces().withName(NS).edit(ns -> new NamespaceBuilder(ns).editMetadata().addToLabels("meshlog-injection", "enabled").endMetadata().build());
    int before = marks;
    await().during(Duration.ofSeconds(5)).atMost(WAIT).until(() -> log.events().size() == before);

    // restart over an unchanged cluster: nothing
    KubernetesClusterIngest first = ingest;
    stopIngest();
    assertFalse(first.isRunning(), "closed");
    assertTrue(startIngest().isEmpty(), "a restart republished unchanged objects");
    assertEquals(before, log.events().size());

    // a pod deleted while ingest is down: exactly one REMOVED at the next start
    stopIngest();
    client.pods().resource(clientPod).delete();
    ClusterChangeSet caughtUp = startIngest();
    assertEquals(1, caughtUp.changes().size());
    step(List.of(line("REMOVED", "Workload", "client-0", GONE)));
  }

  private ClusterEvent last(String subject) {
    List<ClusterEvent> events = log.events().stream().filter(e -> subject.equals(e.getEnvelope().getSubject())).toList();
    return events.get(events.size() - 1);
  }
}
