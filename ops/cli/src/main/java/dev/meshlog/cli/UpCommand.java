package dev.meshlog.cli;

import dev.meshlog.cli.demo.DemoMesh;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.kafka.local.EmbeddedKafka;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.PipelineConfig;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog up}: the composition root. Starts (unless {@code --bootstrap} names a cluster) a
 * real KRaft broker keeping its data under the data directory, creates the topics, then the policy
 * engine and the telemetry pipeline; with {@code --demo}, demo services behind sidecars and traffic.
 * Runs until interrupted; Ctrl-C stops everything in reverse order.
 */
@Command(name = "up", description = "Run Meshlog: the embedded Kafka broker, the policy engine and the telemetry pipeline.")
final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--demo", description = "Also run demo services (reviews v1 and v2) behind sidecars, a client sidecar and light traffic.")
  boolean demo;

  @Option(names = "--port", defaultValue = "" + MeshConnection.DEFAULT_PORT, description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--partitions", defaultValue = "1", description = "Partitions of topics this command creates.")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor of topics this command creates.")
  short replicationFactor;

  @Option(names = "--demo-client-port", defaultValue = "15001", description = "Outbound port of the demo client sidecar.")
  int demoClientPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long startNanos = System.nanoTime();
    Path dataDir = mesh.dataDir();
    Files.createDirectories(dataDir);
    Topics topics = mesh.topics();
    Closer closer = new Closer();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("meshlog stopping");
      out.flush();
      closer.close();
      stopped.countDown();
    }, "meshlog-shutdown"));
    try {
      String bootstrap = mesh.bootstrap != null ? mesh.bootstrap
          : closer.register(EmbeddedKafka.start(dataDir.resolve("kafka"), port)).bootstrapServers();
      TopicAdmin.ensureTopics(bootstrap, topics.all(), partitions, replicationFactor);

      PolicyEngine engine = closer.register(PolicyEngine.start(
          EngineConfig.defaults(bootstrap, topics, dataDir.resolve("state").resolve("engine"))));
      TelemetryPipeline pipeline = closer.register(TelemetryPipeline.start(
          PipelineConfig.defaults(bootstrap, topics, dataDir.resolve("state").resolve("telemetry"))));
      engine.awaitRunning(Duration.ofSeconds(120));
      pipeline.awaitRunning(Duration.ofSeconds(120));

      Path bootstrapFile = dataDir.resolve(MeshConnection.BOOTSTRAP_FILE);
      Files.writeString(bootstrapFile, bootstrap + "\n");
      closer.register(() -> Files.deleteIfExists(bootstrapFile));

      DemoMesh demoMesh = demo ? closer.register(DemoMesh.start(bootstrap, topics, demoClientPort)) : null;
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      out.printf(Locale.ROOT, "meshlog ready in %.1f s: bootstrap=%s data-dir=%s%n", seconds, bootstrap, dataDir);
      if (demoMesh != null) {
        out.println(demoMesh.instructions());
      }
      out.flush();
    } catch (Exception e) {
      closer.close();
      throw e;
    }
    stopped.await();
    return 0;
  }
}
