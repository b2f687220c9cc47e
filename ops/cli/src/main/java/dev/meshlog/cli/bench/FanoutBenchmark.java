package dev.meshlog.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog bench fanout}: how the control plane fans one policy change out to many proxies.
 * Simulated proxies (one consumer that decodes and ACKs every snapshot) stand in for sidecars; the
 * engine is real. See {@link FanoutRun} for the phases and {@link FanoutReport} for what is measured.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = {"Control-plane fan-out: seed N simulated proxies and M services, publish weight flips one at a time,",
        "and measure apply-to-last-ACK (p50/p99), snapshot bytes per change and in total, seed time, and the memory of",
        "the broker and engine. Self-contained by default (a temporary broker and `meshlog engine`, each in a child JVM).",
        "With --bootstrap, an engine must already be folding the topics (e.g. `meshlog up`); the run removes what it registered at the end."})
final class FanoutBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--changes", defaultValue = "50", description = "VirtualService weight flips to time (default: ${DEFAULT-VALUE}).")
  int changes;

  @Option(names = "--scope", defaultValue = "namespace",
      description = "namespace: a Sidecar per namespace limits proxies to it (egress ./*, istio-system/*); all: no Sidecar (default: ${DEFAULT-VALUE}).")
  MeshLayout.Scope scope;

  @Option(names = "--seed-timeout", paramLabel = "SECONDS", defaultValue = "600", description = "Wait for the seed (default: ${DEFAULT-VALUE} s).")
  int seedTimeoutSeconds;

  @Option(names = "--change-timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Wait per change (default: ${DEFAULT-VALUE} s).")
  int changeTimeoutSeconds;

  @Option(names = "--pause", paramLabel = "MILLIS", defaultValue = "200", description = "Pause after each change (default: ${DEFAULT-VALUE} ms).")
  int pauseMillis;

  @Mixin MeshSize size;
  @Mixin BenchTarget target;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = spec.commandLine().getErr();
    MeshLayout layout = size.layout(changes, scope);
    FanoutRun.Timing timing = new FanoutRun.Timing(Duration.ofSeconds(seedTimeoutSeconds),
        Duration.ofSeconds(changeTimeoutSeconds), Duration.ofMillis(pauseMillis));
    try (BenchMesh mesh = target.open(progress)) {
      FanoutReport report = new FanoutRun(mesh, layout, timing, progress).execute();
      report.print(out);
      return report.complete() ? 0 : 1;
    }
  }
}
