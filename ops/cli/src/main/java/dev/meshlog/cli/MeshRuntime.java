package dev.meshlog.cli;

import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.demo.DemoMesh;
import dev.meshlog.cli.jobs.ControlPlaneJobs;
import dev.meshlog.cli.jobs.EngineOptions;
import dev.meshlog.cli.jobs.PipelineOptions;
import dev.meshlog.engine.ca.signer.BootstrapTokenIssuer;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.kafka.local.EmbeddedKafka;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Everything {@code meshlog up} runs, started in order and closed in reverse: the embedded broker
 * (unless an external cluster is given), the topics, the policy engine with the mesh CA, the telemetry pipeline and,
 * with the demo, its services. Returns once all are running.
 */
public final class MeshRuntime implements AutoCloseable {

  /** What to run. {@code externalBootstrap} empty: start the embedded broker on {@code brokerPort} (0: a free one). */
  public record Options(Path dataDir, Optional<String> externalBootstrap, int brokerPort, Topics topics,
      int partitions, short replicationFactor, boolean demo, int demoClientPort, Debounce debounce, String trustDomain,
      Duration workloadCertTtl, Duration checkpointInterval) {}

  private static final Duration START_TIMEOUT = ControlPlaneJobs.START_TIMEOUT;

  private final Closer closer = new Closer();
  private String bootstrap;
  private DemoMesh demo;
  private TelemetryPipeline pipeline;
  private PolicyEngine engine;
  private BootstrapTokenIssuer tokens;

  private MeshRuntime() {}

  public static MeshRuntime start(Options options) throws Exception {
    MeshRuntime runtime = new MeshRuntime();
    try {
      runtime.startAll(options);
      return runtime;
    } catch (Exception e) {
      runtime.close();
      throw e;
    }
  }

  private void startAll(Options options) throws Exception {
    Path dataDir = options.dataDir();
    Files.createDirectories(dataDir);
    bootstrap = options.externalBootstrap().isPresent() ? options.externalBootstrap().get()
        : closer.register(EmbeddedKafka.start(dataDir.resolve("kafka"), options.brokerPort())).bootstrapServers();
    Topics topics = options.topics();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), options.partitions(), options.replicationFactor());

    Path state = dataDir.resolve("state");
    CaConfig ca = LocalCa.of(dataDir, options.trustDomain(), System.getenv()).withWorkloadTtl(options.workloadCertTtl())
        .withCheckpointInterval(options.checkpointInterval());
    engine = closer.register(ControlPlaneJobs.startEngine(EngineOptions.of(bootstrap, topics, "", state.resolve("engine"),
        options.replicationFactor(), ca).withDebounce(options.debounce())));
    pipeline = closer.register(ControlPlaneJobs.startPipeline(PipelineOptions.of(bootstrap, topics, "", state.resolve("telemetry"),
        options.replicationFactor())));
    engine.awaitRunning(START_TIMEOUT);
    pipeline.awaitRunning(START_TIMEOUT);

    // Other commands find the running mesh here; removed again on a clean stop.
    Path bootstrapFile = dataDir.resolve(MeshConnection.BOOTSTRAP_FILE);
    Files.writeString(bootstrapFile, bootstrap + "\n");
    closer.register(() -> Files.deleteIfExists(bootstrapFile));

    tokens = BootstrapTokenIssuer.forCa(ca);
    if (options.demo()) {
      demo = closer.register(DemoMesh.start(bootstrap, topics, options.demoClientPort(), tokens));
    }
  }

  public String bootstrap() {
    return bootstrap;
  }

  /** The in-process telemetry pipeline: its window stores answer /metrics (interactive queries). */
  public TelemetryPipeline pipeline() {
    return pipeline;
  }

  /** Completes, with the cause, once the engine or the pipeline of this process has failed (see {@link PolicyEngine#failure}). */
  public CompletableFuture<String> failure() {
    return engine.failure().applyToEither(pipeline.failure(), reason -> reason);
  }

  /** The dead-letter counts of the engine and the pipeline running in this process, for /metrics. */
  public List<DeadLetterCounts> deadLetters() {
    return List.of(engine.deadLetters(), pipeline.deadLetters());
  }

  /** The mesh CA's bootstrap tokens, for sidecars started in this process (the demo, benchmarks). */
  public BootstrapTokenIssuer tokens() {
    return tokens;
  }

  Optional<DemoMesh> demo() {
    return Optional.ofNullable(demo);
  }

  @Override
  public void close() {
    closer.close();
  }
}
