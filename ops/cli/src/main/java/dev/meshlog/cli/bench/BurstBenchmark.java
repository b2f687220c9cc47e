package dev.meshlog.cli.bench;

import dev.meshlog.engine.ca.signer.CaConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog bench burst}: the engine under a burst of many times the usual change rate. Seeds the
 * mesh as {@code bench fanout} does, measures the usual rate, publishes the burst as fast as it goes,
 * and reports time to convergence, peak lag, fan-out, and the checks of {@link BurstCheck}.
 */
@Command(name = "burst", mixinStandardHelpOptions = true,
    description = {"The engine under a burst: seed N simulated proxies and M services, time a few changes at the fan-out",
        "benchmark's usual pace, then publish --commands VirtualService changes as fast as possible and measure the time",
        "until every proxy ACKs the final state and the engine's peak lag; then check that every command became exactly one",
        "policy event and that every proxy holds the content hash of the log replayed from scratch. Exit 1 if not.",
        "Self-contained by default (a temporary broker and `meshlog engine`, each in a child JVM); or --bootstrap."})
final class BurstBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--proxies", defaultValue = "100", description = "Simulated proxies (default: ${DEFAULT-VALUE}).")
  int proxies;

  @Option(names = "--services", defaultValue = "200", description = "Services, one endpoint each (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--namespaces", defaultValue = "10", description = "Namespaces (default: ${DEFAULT-VALUE}).")
  int namespaces;

  @Option(names = "--targets", defaultValue = "50", description = "Services whose VirtualService the burst changes, in turn (default: ${DEFAULT-VALUE}).")
  int targets;

  @Option(names = "--commands", defaultValue = "2000", description = "Commands in the burst (default: ${DEFAULT-VALUE}).")
  int commands;

  @Option(names = "--batch", defaultValue = "10", description = "Commands per publish transaction (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--calibration", defaultValue = "5", description = "Changes timed at the usual pace first (default: ${DEFAULT-VALUE}).")
  int calibration;

  @Option(names = "--trust-domain", defaultValue = CaConfig.DEFAULT_TRUST_DOMAIN, description = "The engine's trust domain, for the replay (default: ${DEFAULT-VALUE}).")
  String trustDomain;

  @Option(names = "--seed-timeout", paramLabel = "SECONDS", defaultValue = "900", description = "Wait for the seed (default: ${DEFAULT-VALUE} s).")
  int seedTimeoutSeconds;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "Wait for the final state (default: ${DEFAULT-VALUE} s).")
  int timeoutSeconds;

  @Mixin BenchTarget target;

  @Override
  public Integer call() throws Exception {
    if (batch < 1 || calibration < 1 || targets < 1) {
      throw new IllegalArgumentException("--batch, --calibration and --targets must be at least 1");
    }
    if (targets > services) {
      throw new IllegalArgumentException("--targets (" + targets + ") must not exceed --services (" + services + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = spec.commandLine().getErr();
    // the layout's change targets are the first `targets` services: seeded with a DestinationRule and a VirtualService
    MeshLayout layout = new MeshLayout(proxies, services, namespaces, Math.max(targets, calibration), MeshLayout.Scope.NAMESPACE);
    FanoutRun.Timing timing = new FanoutRun.Timing(Duration.ofSeconds(seedTimeoutSeconds), Duration.ofSeconds(60), Duration.ofMillis(200));
    BurstRun.Shape shape = new BurstRun.Shape(commands, batch, calibration, Duration.ofSeconds(timeoutSeconds), trustDomain);
    try (BenchMesh mesh = target.open(progress)) {
      BurstReport report = new BurstRun(mesh, layout, timing, shape, progress).execute();
      report.print(out);
      return report.ok() ? 0 : 1;
    }
  }
}
