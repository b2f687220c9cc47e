package dev.meshlog.cli.jobs;

import dev.meshlog.cli.Closer;
import dev.meshlog.cli.Durations;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.ca.PluginCaDirectory;
import dev.meshlog.cli.metrics.JobMetricsServer;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.ca.signer.TokenReviewVerifier;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog engine}: the policy engine and the mesh CA alone against an existing Kafka cluster,
 * as {@code meshlog up} runs them, until SIGTERM. The Kubernetes deployment runs it as a StatefulSet.
 */
@Command(name = "engine", description = "Run the policy engine with the mesh CA against --bootstrap until stopped (SIGTERM).")
public final class EngineCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;
  @Mixin TopicOptions topicOptions;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state of the engine (default: <data-dir>/state/engine).")
  Path stateDir;

  @Option(names = "--ca-dir", paramLabel = "DIR",
      description = "The mesh CA's files, created on first start; the key passphrase comes from $" + LocalCa.PASSPHRASE_ENV
          + ", else from <ca-dir>/../ca-passphrase (default: <data-dir>/ca).")
  Path caDir;

  @Option(names = "--plugin-ca", paramLabel = "DIR",
      description = "Sign with an operator's CA instead (Istio's cacerts: ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem), "
          + "read-only and shared by every engine instance; an encrypted ca-key.pem is unlocked with $" + LocalCa.PASSPHRASE_ENV
          + ". Nothing is written there. Not with --ca-dir.")
  Path pluginCa;

  @Option(names = "--trust-domain", defaultValue = CaConfig.DEFAULT_TRUST_DOMAIN,
      description = "SPIFFE trust domain of the mesh CA and every workload identity (default: ${DEFAULT-VALUE}).")
  String trustDomain;

  @Option(names = "--workload-cert-ttl", defaultValue = "24h", description = "Lifetime of workload certificates (default: ${DEFAULT-VALUE}).")
  String workloadCertTtl;

  @Option(names = "--kubernetes-token-review",
      description = "Accept Kubernetes service-account tokens (audience " + TokenReviewVerifier.AUDIENCE + ") as the first-certificate "
          + "credential, checked with the API server's TokenReview (in-cluster config, else $KUBECONFIG / ~/.kube/config).")
  boolean kubernetesTokenReview;

  @Option(names = "--metrics-port", defaultValue = "15091",
      description = "Port of the engine's /metrics (Prometheus: meshlog_deadletter_records_total); 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Mixin MetricsAddress metricsAddress;
  @Mixin MembershipOptions membershipOptions;

  /** The process environment (the CA passphrase); a test gives its own. */
  Map<String, String> env = System.getenv();

  private final UntilStopped life = new UntilStopped("engine");
  private volatile PolicyEngine engine;
  private volatile JobMetricsServer metrics;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Duration ttl = option(() -> Durations.parse("--workload-cert-ttl", workloadCertTtl));
    InetAddress address = metricsAddress.resolve(spec);
    Membership membership = membershipOptions.membership(spec);
    option(topicOptions::checked);
    checkPluginCa();
    String bootstrap = mesh.awaitReachableBootstrap(MeshConnection.JOB_PATIENCE);
    Closer closer = new Closer();
    try {
      topicOptions.ensure(bootstrap, mesh.kafkaClient(), mesh.topics());
      Optional<KubernetesClient> kubernetes = kubernetesTokenReview
          ? Optional.of(closer.register(tokenReviewClient())) : Optional.empty();
      CaConfig ca = caConfig(ttl, kubernetes);
      engine = closer.register(ControlPlaneJobs.startEngine(EngineOptions.of(bootstrap, mesh.topics(), mesh.topicPrefix(), stateDir(),
          topicOptions.replicationFactor(), ca).withClient(mesh.kafkaClient()).withMembership(membership)));
      engine.awaitRunning(ControlPlaneJobs.START_TIMEOUT);
      PolicyEngine running = engine;
      try {
        metrics = closer.register(JobMetricsServer.start(address, metricsPort,
            () -> DeadLetterCounts.prometheus(List.of(running.deadLetters()))));
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(),
            "--metrics-port: cannot listen on " + metricsAddress + ":" + metricsPort + ": " + e.getMessage());
      }
    } catch (RuntimeException | Error e) {
      closer.close();
      throw e;
    }
    out.printf("meshlog engine running: bootstrap=%s state-dir=%s %s=%s token-review=%s instance=%s standby-replicas=%d "
            + "metrics=http://%s:%d/metrics%n", bootstrap, stateDir(), pluginCa != null ? "plugin-ca" : "ca", caDir(), kubernetesTokenReview ? "on" : "off",
        membership.instanceId().orElse("dynamic"), membership.standbyReplicas(), metricsAddress, metrics.port());
    out.flush();
    engine.failure().thenAccept(life::fail);
    life.await(closer);
    return life.exitStatus(spec.commandLine().getErr());
  }

  /** The CA this engine signs with; Kubernetes tokens are reviewed only when a client is given. */
  CaConfig caConfig(Duration ttl, Optional<KubernetesClient> kubernetes) {
    CaConfig ca = option(() -> (pluginCa != null ? PluginCaDirectory.config(pluginCa, trustDomain, env)
        : LocalCa.inDirectory(caDir(), trustDomain, env)).withWorkloadTtl(ttl));
    return kubernetes.map(client -> ca.withKubernetesVerifier(new TokenReviewVerifier(client))).orElse(ca);
  }

  /**
   * Loads and verifies the plug-in CA before anything reaches the cluster: a missing file, a key that is not the
   * certificate's, a certificate that is no CA stop the command with the file and the reason, no topic created.
   */
  private void checkPluginCa() {
    if (pluginCa == null) {
      return;
    }
    if (caDir != null) {
      throw new ParameterException(spec.commandLine(), "--plugin-ca: not with --ca-dir (the engine signs with one CA)");
    }
    try {
      PluginCaDirectory.check(pluginCa, env, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--plugin-ca: " + e.getMessage());
    }
  }

  /**
   * Short timeouts and one retry: a review runs on the signer's stream thread, and the sidecar asks
   * again anyway when its request is refused as retryable.
   */
  private static KubernetesClient tokenReviewClient() {
    Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestTimeout(5_000).withConnectionTimeout(5_000)
        .withRequestRetryBackoffLimit(1).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The port /metrics listens on, once running. */
  public int metricsPort() {
    return metrics.port();
  }

  Path stateDir() {
    return stateDir != null ? stateDir : mesh.dataDir().resolve("state").resolve("engine");
  }

  /** Where the CA's files are: the plug-in CA's, else the own CA's. */
  Path caDir() {
    return pluginCa != null ? pluginCa : caDir != null ? caDir : mesh.dataDir().resolve("ca");
  }

  /** True once the engine reached RUNNING and until it stops. */
  public boolean isRunning() {
    PolicyEngine current = engine;
    return current != null && metrics != null && current.isRunning() && !life.isStopped();
  }

  /** What SIGTERM does, for a run in-process. */
  public void stop() {
    life.stop();
  }

  private <T> T option(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
