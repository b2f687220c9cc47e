package dev.meshlog.cli.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.ChildJvm;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.ingest.kubernetes.istio.IstioResourceType;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code meshlog ingest --kubernetes --registry} in its own JVM, against the mock API server (with Istio's
 * CRDs) through a kubeconfig file: it publishes the registry file and the cluster, follows a pod and an Istio
 * resource created afterwards, and exits on SIGTERM.
 */
@ExtendWith(KafkaBroker.class)
class IngestSigtermIT {

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startApiServer() {
    server = IstioApiServer.start();
    client = server.createClient();
  }

  @AfterEach
  void stopApiServer() {
    client.close();
    server.destroy();
  }

  @TempDir Path dir;

  @Test
  void shouldFollowTheClusterUntilSigterm() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("sigterm") + ".";
    Topics topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    ClusterEventLog events = new ClusterEventLog(bootstrap, topics);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ClusterFixtures.NS).endMetadata().build()).create();
    client.pods().resource(ClusterFixtures.pod("client-0", "client", "v1", "10.0.9.1", true)).create();

    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
        - name: mock
          context: {cluster: mock, user: mock}
        current-context: mock
        users:
        - name: mock
          user: {token: not-checked}
        """.formatted(client.getMasterUrl().toString()));
    Path registry = dir.resolve("registry.yaml");
    Files.writeString(registry, "services: []\nworkloads:\n  - {name: vm-1, namespace: legacy, service: db, address: 10.1.1.1, port: 5432}\n");
    ChildJvm ingest = ChildJvm.start(dir.resolve("out.log"), List.of("-Xmx256m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.meshlog.avro"),
        "ingest", "--kubernetes", "--kubeconfig", kubeconfig.toString(), "--registry", registry.toString(), "--actor", "ops",
        "--bootstrap", bootstrap, "--topic-prefix", prefix);
    try {
      await("ingest following").atMost(Duration.ofSeconds(90)).until(() -> ingest.output().contains("ingest following") || !ingest.process().isAlive());
      assertTrue(ingest.process().isAlive(), () -> "exited early:\n" + ingest.output());
      assertTrue(ingest.output().contains(registry + ": registered 1, updated 0, removed 0, unchanged 0"), ingest.output());
      assertTrue(ingest.output().contains("kubernetes: registered 1, updated 0, removed 0, unchanged 0"), ingest.output());

      client.pods().resource(ClusterFixtures.pod("client-1", "client", "v1", "10.0.9.2", true)).create();
      await("the new pod's event").atMost(Duration.ofSeconds(90)).until(() -> events.since(0), List.of(
          "REGISTERED Workload/legacy/vm-1 ops CLI",
          "REGISTERED Workload/shop/client-0 kube-controller-manager KUBERNETES",
          "REGISTERED Workload/shop/client-1 kube-controller-manager KUBERNETES")::equals);

      IstioResourceType rule = IstioResourceType.ALL.stream().filter(t -> t.kindName().equals("DestinationRule")).findFirst().orElseThrow();
      GenericKubernetesResource dr = new GenericKubernetesResource();
      dr.setApiVersion(rule.apiVersion());
      dr.setKind(rule.kindName());
      dr.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace(ClusterFixtures.NS)
          .withAnnotations(Map.of("meshlog.dev/actor", "alice")).build());
      dr.setAdditionalProperty("spec", Map.of("host", "db", "subsets", List.of(Map.of("name", "v1", "labels", Map.of("version", "v1")))));
      client.genericKubernetesResources(rule.context()).inNamespace(ClusterFixtures.NS).resource(dr).create();
      await("the DestinationRule's command").atMost(Duration.ofSeconds(90)).until(() -> {
        List<String> commands = new ArrayList<>();
        TopicScan.readAll(bootstrap, topics.policyCommands(), (key, c) -> commands.add(
            c.getOperation() + " " + key + " " + c.getEnvelope().getActor() + " " + c.getEnvelope().getSource()));
        return commands;
      }, List.of("UPSERT DestinationRule/shop/db alice KUBERNETES")::equals);

      ingest.terminateAndAwaitExit();
    } finally {
      ingest.kill();
    }
  }
}
