package dev.meshlog.cli;

import dev.meshlog.cli.metrics.GoldenTable;
import dev.meshlog.telemetry.query.MetricsReader;
import dev.meshlog.telemetry.query.TopTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog top}: requests per edge and response code in the recent 10 s windows; with
 * {@code --by service|route}, the golden signals (rps, success rate, p50/p95/p99) of the last minute.
 */
@Command(name = "top", description = "Show requests per source, destination and response code in recent 10 s windows.")
final class TopCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--since", defaultValue = "60s", description = "How far back to show, e.g. 60s, 5m (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--by", description = "service or route: golden signals over the last minute (rps, success rate, p50/p95/p99) instead of per-window rows.")
  String by;

  @Override
  public Integer call() {
    if (by != null) {
      return golden();
    }
    Duration lookback = Durations.parse("--since", since);
    var metrics = MetricsReader.readLatest(mesh.reachableBootstrap(), mesh.kafkaClient(), mesh.topics(), lookback, Duration.ofSeconds(15));
    PrintWriter out = spec.commandLine().getOut();
    out.print(TopTable.render(metrics, lookback));
    out.flush();
    return 0;
  }

  private Integer golden() {
    if (!by.equals("service") && !by.equals("route")) {
      throw new ParameterException(spec.commandLine(), "--by: must be service or route, got '" + by + "'");
    }
    var metrics = MetricsReader.readLatest(mesh.reachableBootstrap(), mesh.kafkaClient(), mesh.topics(), Duration.ofMinutes(1), Duration.ofSeconds(15));
    PrintWriter out = spec.commandLine().getOut();
    out.print(GoldenTable.render(metrics, by, Instant.now()));
    out.flush();
    return 0;
  }
}
