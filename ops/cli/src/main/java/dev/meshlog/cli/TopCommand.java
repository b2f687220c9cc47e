package dev.meshlog.cli;

import dev.meshlog.telemetry.query.MetricsReader;
import dev.meshlog.telemetry.query.TopTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshlog top}: requests per edge and response code in the recent 10 s windows. */
@Command(name = "top", description = "Show requests per source, destination and response code in recent 10 s windows.")
final class TopCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--since", defaultValue = "60s", description = "How far back to show, e.g. 60s, 5m (default: ${DEFAULT-VALUE}).")
  String since;

  @Override
  public Integer call() {
    Duration lookback = Durations.parse("--since", since);
    var metrics = MetricsReader.readLatest(mesh.reachableBootstrap(), mesh.topics(), lookback, Duration.ofSeconds(15));
    PrintWriter out = spec.commandLine().getOut();
    out.print(TopTable.render(metrics, lookback));
    out.flush();
    return 0;
  }
}
