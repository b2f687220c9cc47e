package dev.meshlog.cli.jobs;

import dev.meshlog.cli.Closer;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.cli.metrics.StoreMetricSource;
import dev.meshlog.cli.metrics.TelemetryServer;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog pipeline}: the telemetry pipeline alone against an existing Kafka cluster, serving
 * /metrics from its window stores as {@code meshlog up} does, until SIGTERM.
 */
@Command(name = "pipeline", description = "Run the telemetry pipeline and its /metrics endpoint against --bootstrap until stopped (SIGTERM).")
public final class PipelineCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;
  @Mixin TopicOptions topicOptions;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state of the pipeline (default: <data-dir>/state/telemetry).")
  Path stateDir;

  @Option(names = "--metrics-port", defaultValue = "15090",
      description = "Port of /metrics (Prometheus), /api/golden and /api/graph; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Mixin MetricsAddress metricsAddress;
  @Mixin MembershipOptions membershipOptions;

  private final UntilStopped life = new UntilStopped("pipeline");
  private volatile TelemetryPipeline pipeline;
  private volatile TelemetryServer server;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    InetAddress address = metricsAddress.resolve(spec);
    Membership membership = membershipOptions.membership(spec);
    try {
      topicOptions.checked();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String bootstrap = mesh.awaitReachableBootstrap(MeshConnection.JOB_PATIENCE);
    Closer closer = new Closer();
    try {
      topicOptions.ensure(bootstrap, mesh.kafkaClient(), mesh.topics());
      pipeline = closer.register(ControlPlaneJobs.startPipeline(PipelineOptions.of(bootstrap, mesh.topics(), mesh.topicPrefix(),
          stateDir(), topicOptions.replicationFactor()).withClient(mesh.kafkaClient()).withMembership(membership)));
      pipeline.awaitRunning(ControlPlaneJobs.START_TIMEOUT);
      StoreMetricSource metrics = closer.register(StoreMetricSource.start(pipeline, Clock.systemUTC()));
      try {
        server = closer.register(TelemetryServer.start(metrics, address, metricsPort, Clock.systemUTC()));
        TelemetryPipeline running = pipeline;
        server.appendMetrics(() -> DeadLetterCounts.prometheus(List.of(running.deadLetters())));
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(),
            "--metrics-port: cannot listen on " + metricsAddress + ":" + metricsPort + ": " + e.getMessage());
      }
    } catch (RuntimeException | Error e) {
      closer.close();
      throw e;
    }
    out.printf("meshlog pipeline running: bootstrap=%s state-dir=%s instance=%s standby-replicas=%d metrics=http://%s:%d/metrics%n",
        bootstrap, stateDir(), membership.instanceId().orElse("dynamic"), membership.standbyReplicas(), metricsAddress, server.port());
    out.flush();
    pipeline.failure().thenAccept(life::fail);
    life.await(closer);
    return life.exitStatus(spec.commandLine().getErr());
  }

  Path stateDir() {
    return stateDir != null ? stateDir : mesh.dataDir().resolve("state").resolve("telemetry");
  }

  /** True once the pipeline reached RUNNING and /metrics listens, until it stops. */
  public boolean isRunning() {
    TelemetryPipeline current = pipeline;
    return current != null && server != null && current.isRunning() && !life.isStopped();
  }

  /** The port /metrics listens on, once running. */
  public int metricsPort() {
    return server.port();
  }

  /** What SIGTERM does, for a run in-process. */
  public void stop() {
    life.stop();
  }
}
