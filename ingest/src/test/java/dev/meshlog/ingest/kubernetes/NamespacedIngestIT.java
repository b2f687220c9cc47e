package dev.meshlog.ingest.kubernetes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.registry.ClusterChangeSet;
import dev.meshlog.ingest.registry.ClusterLog;
import dev.meshlog.ingest.registry.ClusterSync;
import dev.meshlog.ingest.registry.Desired;
import dev.meshlog.ingest.registry.Logged;
import dev.meshlog.ingest.registry.WorkloadRecord;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code --namespace}: only the watched namespaces are published or reconciled; other namespaces' keys stay as logged. */
@ExtendWith(KafkaBroker.class)
@EnableKubernetesMockClient(crud = true)
class NamespacedIngestIT {

  KubernetesClient client;

  private static Pod sidecarPod(String namespace, String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(Map.of("app", "web")).endMetadata()
        .withNewSpec().addNewContainer().withName("app").endContainer().addNewContainer().withName(ClusterMapping.SIDECAR_CONTAINER).endContainer()
        .endSpec().withNewStatus().withPodIP("10.0.0.7").withPhase("Running").endStatus().build();
  }

  @Test
  void shouldPublishAndReconcileOnlyTheWatchedNamespaces() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("ns") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    for (String ns : List.of("shop", "other")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      client.pods().resource(sidecarPod(ns, "web-0")).create();
    }
    // a record another ingest (watching "other") published earlier, whose pod no longer exists
    WorkloadRecord elsewhere = WorkloadRecord.of("gone-0", "other", "web", "default", Map.of(), Optional.of("gone-0.other"), "10.0.0.9", 0, 80);
    try (ClusterSync earlier = ClusterSync.open(bootstrap, topics, "earlier", Map.of())) {
      earlier.reconciler().reconcile(Map.of(elsewhere.key(), new Desired(elsewhere, ObjectActor.REMOVED_BY)), k -> true, Source.KUBERNETES,
          ObjectActor.REMOVED_BY);
    }

    try (ClusterSync sync = ClusterSync.open(bootstrap, topics, "ingest", Map.of());
         KubernetesClusterIngest ingest = new KubernetesClusterIngest(client,
             new KubernetesClusterIngest.Settings(Set.of("shop"), Duration.ofSeconds(1), Duration.ofSeconds(60)), sync.reconciler())) {
      ClusterChangeSet initial = ingest.start();
      assertEquals(List.of("REGISTERED Workload/shop/web-0"),
          initial.changes().stream().map(c -> c.change() + " " + c.resource().key()).toList());

      client.pods().resource(sidecarPod("other", "web-1")).create();
      client.pods().resource(sidecarPod("shop", "web-1")).create();
      await().atMost(Duration.ofSeconds(60)).until(() -> sources(bootstrap, topics).containsKey("Workload/shop/web-1"));
      assertEquals(Map.of("Workload/other/gone-0", Source.KUBERNETES, "Workload/shop/web-0", Source.KUBERNETES,
          "Workload/shop/web-1", Source.KUBERNETES), sources(bootstrap, topics));
      assertEquals(ClusterChange.REGISTERED, initial.changes().get(0).change());
      assertEquals(new Attribution("kubernetes", "", Source.KUBERNETES), initial.changes().get(0).attribution(), "no managedFields, no annotation");
    }
  }

  private static Map<String, Source> sources(String bootstrap, Topics topics) {
    Map<String, Source> sources = new TreeMap<>();
    try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(bootstrap, Map.of(), topics.deadLetter(), new DeadLetterCounts("ingest"))) {
      for (Map.Entry<String, Logged> e : ClusterLog.read(bootstrap, topics.clusterEvents(), Map.of(), deadLetters).entrySet()) {
        sources.put(e.getKey(), e.getValue().source());
      }
    }
    return sources;
  }
}
