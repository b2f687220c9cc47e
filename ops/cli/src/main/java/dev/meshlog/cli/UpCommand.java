package dev.meshlog.cli;

import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.cli.dashboard.Dashboard;
import dev.meshlog.cli.metrics.TelemetryServer;
import dev.meshlog.cli.metrics.StoreMetricSource;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog up}: runs the {@link MeshRuntime} until interrupted; Ctrl-C stops everything in
 * reverse order, and a second {@code up} on the same data directory finds the mesh as it was.
 */
@Command(name = "up", description = "Run Meshlog: the embedded Kafka broker, the policy engine and the telemetry pipeline.")
final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--demo", description = "Also run demo services (reviews v1 and v2) behind sidecars, a client sidecar and light traffic.")
  boolean demo;

  @Option(names = "--port", defaultValue = "" + MeshConnection.DEFAULT_PORT, description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--metrics-port", defaultValue = "15090",
      description = "Loopback port of the dashboard (/), /metrics (Prometheus) and the JSON APIs under /api/; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--partitions", defaultValue = "1", description = "Partitions of topics this command creates.")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor of topics this command creates and of the jobs' internal topics.")
  short replicationFactor;

  @Option(names = "--demo-client-port", defaultValue = "15001", description = "Outbound port of the demo client sidecar.")
  int demoClientPort;

  @Option(names = "--trust-domain", defaultValue = CaConfig.DEFAULT_TRUST_DOMAIN,
      description = "SPIFFE trust domain of the mesh CA and every workload identity (default: ${DEFAULT-VALUE}).")
  String trustDomain;

  @Option(names = "--workload-cert-ttl", defaultValue = "24h",
      description = "Lifetime of the workload certificates the mesh CA signs; sidecars renew at half of it (default: ${DEFAULT-VALUE}).")
  String workloadCertTtl;

  @Option(names = "--checkpoint-interval", defaultValue = "60s",
      description = "How often the mesh CA signs the head of the policy chain, when it moved (`meshlog audit verify` checks the "
          + "checkpoints; a truncated tail newer than the last one goes unnoticed; default: ${DEFAULT-VALUE}).")
  String checkpointInterval;

  @Option(names = "--debounce-quiet", defaultValue = "100ms",
      description = "Publish snapshots once no change came for this long (Istio's PILOT_DEBOUNCE_AFTER; default: ${DEFAULT-VALUE}).")
  String debounceQuiet;

  @Option(names = "--debounce-max", defaultValue = "10s",
      description = "... but at the latest this long after the first pending change (PILOT_DEBOUNCE_MAX; default: ${DEFAULT-VALUE}).")
  String debounceMax;

  private Debounce debounce() {
    try {
      return debounce(debounceQuiet, debounceMax);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Duration workloadCertTtl() {
    try {
      return Durations.parse("--workload-cert-ttl", workloadCertTtl);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Duration checkpointInterval() {
    try {
      Duration interval = Durations.parse("--checkpoint-interval", checkpointInterval);
      if (interval.isZero()) {
        throw new IllegalArgumentException("--checkpoint-interval: must be positive, got '" + checkpointInterval + "'");
      }
      return interval;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The engine's debounce from the two options' texts; the message names the option at fault. */
  static Debounce debounce(String quiet, String max) {
    return new Debounce(Durations.parse("--debounce-quiet", quiet), Durations.parse("--debounce-max", max));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long startNanos = System.nanoTime();
    MeshRuntime runtime = MeshRuntime.start(new MeshRuntime.Options(mesh.dataDir(), Optional.ofNullable(mesh.bootstrap),
        port, mesh.topics(), partitions, replicationFactor, demo, demoClientPort, debounce(), trustDomain,
        workloadCertTtl(), checkpointInterval()));
    // Interactive queries on the pipeline running in this process; `meshlog top` reads the topics instead.
    StoreMetricSource metricSource = StoreMetricSource.start(runtime.pipeline(), Clock.systemUTC());
    TelemetryServer telemetry;
    try {
      telemetry = TelemetryServer.start(metricSource, metricsPort, Clock.systemUTC());
    } catch (IOException e) {
      metricSource.close();
      runtime.close();
      throw new ParameterException(spec.commandLine(), "--metrics-port: cannot listen on 127.0.0.1:" + metricsPort + ": " + e.getMessage());
    }
    Dashboard dashboard = Dashboard.mount(telemetry, runtime.bootstrap(), mesh.topics(), Clock.systemUTC());
    // meshlog_deadletter_records_total of every job in this process: the engine, the pipeline and the dashboard's tail
    telemetry.appendMetrics(() -> DeadLetterCounts.prometheus(
        java.util.stream.Stream.concat(runtime.deadLetters().stream(), java.util.stream.Stream.of(dashboard.deadLetters())).toList()));
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeAll = () -> {
      if (closed.compareAndSet(false, true)) {
        dashboard.close();
        telemetry.close();
        metricSource.close();
        runtime.close();
      }
    };
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("meshlog stopping");
      out.flush();
      closeAll.run();
      stopped.countDown();
    }, "meshlog-shutdown"));
    // A failed engine or pipeline ends `meshlog up` with status 1 rather than leaving a mesh that only looks alive.
    AtomicReference<String> failure = new AtomicReference<>();
    runtime.failure().thenAccept(reason -> {
      failure.set(reason);
      stopped.countDown();
    });
    out.printf(Locale.ROOT, "meshlog ready in %.1f s: bootstrap=%s data-dir=%s%n",
        (System.nanoTime() - startNanos) / 1e9, runtime.bootstrap(), mesh.dataDir());
    out.printf(Locale.ROOT, "telemetry: %s/metrics %s/api/golden?by=service|route %s/api/graph%n",
        telemetry.url(), telemetry.url(), telemetry.url());
    out.println("dashboard: " + dashboard.url());
    runtime.demo().ifPresent(d -> out.println(d.instructions()));
    out.flush();
    stopped.await();
    if (failure.get() == null) {
      return 0;
    }
    closeAll.run();
    PrintWriter err = spec.commandLine().getErr();
    err.println("meshlog up: " + failure.get() + "; stopped, exiting with status 1");
    err.flush();
    return 1;
  }
}
