package dev.meshlog.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog bench takeover}: how long the mesh goes without snapshot updates when the engine instance that folds them
 * dies, and what the survivor's first change costs. See {@link TakeoverRun}.
 */
@Command(name = "takeover", mixinStandardHelpOptions = true,
    description = {"Engine failover: seed N simulated proxies and M services on an embedded broker with --engines instances (default 2),",
        "time weight flips, stop the instance that runs the snapshot builder's active task (SIGKILL or SIGTERM), publish a flip at once,",
        "and measure when the survivor's task is active and when every proxy of the flip's audience ACKed it; then a few flips more.",
        "Run it with --standby-replicas 0 and 1 to see what a warm standby saves."})
final class TakeoverBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--changes", defaultValue = "10", description = "Flips timed before the stop, and again after the takeover (default: ${DEFAULT-VALUE}).")
  int changes;

  @Option(names = "--stop", defaultValue = "kill",
      description = "kill: SIGKILL (a crash: the group notices after the session timeout); term: a clean close that leaves the group (default: ${DEFAULT-VALUE}).")
  TakeoverRun.Stop stop;

  @Option(names = "--seed-timeout", paramLabel = "SECONDS", defaultValue = "600", description = "Wait for the seed (default: ${DEFAULT-VALUE} s).")
  int seedTimeoutSeconds;

  @Option(names = "--takeover-timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Wait for the first flip after the stop (default: ${DEFAULT-VALUE} s).")
  int takeoverTimeoutSeconds;

  @Mixin MeshSize size;
  @Mixin BenchTarget target;

  @Override
  public Integer call() throws Exception {
    if (target.bootstrap != null) {
      throw new ParameterException(spec.commandLine(), "--bootstrap: takeover stops an engine it started, so it runs embedded only");
    }
    if (!spec.commandLine().getParseResult().hasMatchedOption("--engines")) {
      target.engines = 2;
    }
    if (target.engines < 2) {
      throw new ParameterException(spec.commandLine(), "--engines: a takeover needs at least 2 instances, got " + target.engines);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = spec.commandLine().getErr();
    MeshLayout layout = size.layout(2 * changes + 1, MeshLayout.Scope.NAMESPACE);
    FanoutRun.Timing timing = new FanoutRun.Timing(Duration.ofSeconds(seedTimeoutSeconds), Duration.ofSeconds(60), Duration.ofMillis(200));
    try (BenchMesh mesh = target.open(progress)) {
      TakeoverRun.Result result = new TakeoverRun(mesh, layout, timing, Duration.ofSeconds(takeoverTimeoutSeconds), stop, progress)
          .execute(changes);
      result.print(out, target.engines, target.standbyReplicas, target.sessionTimeout, stop);
      return result.complete() ? 0 : 1;
    }
  }
}
