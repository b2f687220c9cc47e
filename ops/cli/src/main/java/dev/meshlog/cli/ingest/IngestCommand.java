package dev.meshlog.cli.ingest;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.Source;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.ingest.kubernetes.KubernetesClusterIngest;
import dev.meshlog.ingest.kubernetes.istio.IstioResourceSync;
import dev.meshlog.ingest.kubernetes.istio.IstioSyncConfig;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.registry.ClusterChangeSet;
import dev.meshlog.ingest.registry.ClusterSync;
import dev.meshlog.ingest.registry.RegistryFile;
import dev.meshlog.ingest.registry.RegistryParse;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog ingest}: makes mesh.cluster.events agree with the cluster. With {@code --registry} alone,
 * one pass over the standalone registry file, then exit. With {@code --kubernetes}, informers on the API
 * server until SIGTERM. Either way only differences are published, so running it again changes nothing.
 */
@Command(name = "ingest", description = "Publish cluster changes (services, workloads) and Istio resources from Kubernetes, and/or a registry file.")
public final class IngestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--kubernetes", description = "Watch the Kubernetes API server (long-running, stops on SIGTERM).")
  boolean kubernetes;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: in-cluster config, $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--namespace", paramLabel = "NS", description = "Watch only this namespace (repeatable; default: all namespaces).")
  List<String> namespaces = List.of();

  @Option(names = "--registry", paramLabel = "FILE", description = "Standalone registry file of services and workloads (for machines without Kubernetes).")
  Path registry;

  @Option(names = "--actor", description = "Who changes the registry (default: $USER).")
  String actor;

  @Option(names = "--reason", defaultValue = "", description = "Why, recorded on registry events.")
  String reason;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!kubernetes && registry == null) {
      throw new ParameterException(spec.commandLine(), "give --kubernetes, --registry FILE, or both");
    }
    if (!kubernetes && (kubeconfig != null || !namespaces.isEmpty())) {
      throw new ParameterException(spec.commandLine(), "--kubeconfig and --namespace need --kubernetes");
    }
    Optional<RegistryParse.Parsed> file = Optional.empty();
    if (registry != null) {
      RegistryParse parsed = RegistryFile.parse(registry, new Attribution(actor(), reason, Source.CLI));
      if (parsed instanceof RegistryParse.Refused refused) {
        refused.errors().forEach(e -> err.println("error: " + e));
        err.printf("%s: refused, nothing published%n", registry);
        err.flush();
        return 1;
      }
      file = Optional.of((RegistryParse.Parsed) parsed);
    }
    String bootstrap = mesh.awaitReachableBootstrap(MeshConnection.JOB_PATIENCE);
    ClusterSync sync = ClusterSync.open(bootstrap, mesh.topics(), "meshlog-ingest-" + UUID.randomUUID(), mesh.kafkaClient().over(Map.of()));
    try {
      if (file.isPresent()) {
        ClusterChangeSet done = sync.reconciler().reconcile(file.get().desired(), key -> true, Source.CLI, new Attribution(actor(), reason, Source.CLI));
        out.println((kubernetes ? registry + ": " : "") + summary(done));
        if (!done.foreign().isEmpty()) {
          err.println("left alone (owned by another source): " + String.join(", ", done.foreign()));
        }
        out.flush();
      }
      if (!kubernetes) {
        return 0;
      }
      return follow(sync, bootstrap, out);
    } finally {
      sync.close();
    }
  }

  private int follow(ClusterSync sync, String bootstrap, PrintWriter out) throws Exception {
    KubernetesClient client = KubernetesClients.connect(Optional.ofNullable(kubeconfig));
    KubernetesClusterIngest ingest = new KubernetesClusterIngest(client,
        new KubernetesClusterIngest.Settings(new LinkedHashSet<>(namespaces), Duration.ofMinutes(10), Duration.ofSeconds(120)), sync.reconciler());
    List<IstioResourceSync> istio = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      istio.forEach(IstioResourceSync::close);
      ingest.close();
      sync.close();
      client.close();
      stopped.countDown();
    }, "ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.println("kubernetes: " + summary(ingest.start()));
      // Istio's resources become policy commands; one sync per watched namespace (or one for all).
      for (IstioSyncConfig config : istioConfigs()) {
        istio.add(IstioResourceSync.start(client, bootstrap, mesh.topics(), config));
      }
      out.printf("ingest following %s (%s); stop with SIGTERM%n", client.getMasterUrl(),
          namespaces.isEmpty() ? "all namespaces" : "namespaces " + String.join(", ", namespaces));
      out.flush();
    } catch (RuntimeException | TimeoutException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      istio.forEach(IstioResourceSync::close);
      ingest.close();
      client.close();
      throw e;
    }
    stopped.await();
    return 0;
  }

  private List<IstioSyncConfig> istioConfigs() {
    if (namespaces.isEmpty()) {
      return List.of(IstioSyncConfig.defaults().withKafka(mesh.kafkaClient().over(Map.of())));
    }
    return namespaces.stream().distinct()
        .map(ns -> IstioSyncConfig.defaults().withNamespace(ns).withKafka(mesh.kafkaClient().over(Map.of()))).toList();
  }

  static String summary(ClusterChangeSet done) {
    return String.format("registered %d, updated %d, removed %d, unchanged %d",
        done.count(ClusterChange.REGISTERED), done.count(ClusterChange.UPDATED), done.count(ClusterChange.REMOVED), done.unchanged());
  }

  private String actor() {
    if (actor != null && !actor.isBlank()) {
      return actor;
    }
    String user = System.getenv("USER");
    return user != null && !user.isBlank() ? user : System.getProperty("user.name", "unknown");
  }
}
