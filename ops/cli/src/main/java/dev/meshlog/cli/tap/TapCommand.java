package dev.meshlog.cli.tap;

import dev.meshlog.cli.MeshConnection;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog tap WORKLOAD}: the requests to or from one workload as they happen (metadata only),
 * like {@code linkerd viz tap}. Options are read as text and checked here, so a bad one is one line
 * and exit 2.
 */
@Command(name = "tap", mixinStandardHelpOptions = true,
    description = "Stream the requests to or from WORKLOAD (NAME, deploy/NAME, deployment/NAME or workload/NAME) as they"
        + " happen: metadata only, never bodies. Stops after --max requests or on Ctrl-C.")
public final class TapCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Parameters(index = "0", arity = "0..1", paramLabel = "WORKLOAD", description = "The workload (a proxy id), e.g. reviews-v1 or deploy/reviews-v1.")
  String workload;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "The workload's namespace (default: any).")
  String namespace;

  @Option(names = "--authority", paramLabel = "A",
      description = "Only requests to this destination service: its FQDN, name.namespace or short name (a :port is ignored).")
  String authority;

  @Option(names = "--route", paramLabel = "R", description = "Only requests that took this route (its name, as `proxy-config` shows).")
  String route;

  @Option(names = "--path", paramLabel = "P", description = "Only requests whose path (without its query string) starts with P.")
  String path;

  @Option(names = "--method", paramLabel = "M", description = "Only requests with this HTTP method (case-insensitive).")
  String method;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N matching requests (default: until Ctrl-C).")
  String max;

  @Option(names = {"-o", "--output"}, paramLabel = "wide|json", description = "wide: more fields per line; json: one JSON object per request.")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TapFilter filter;
    TapFormat format;
    OptionalLong limit;
    try {
      filter = new TapFilter(TapTarget.parse(workload, namespace), nonBlank("--authority", authority), nonBlank("--route", route),
          nonBlank("--path", path), nonBlank("--method", method));
      format = TapFormat.parse(output);
      limit = parseMax(max);
    } catch (IllegalArgumentException e) {
      err.println("meshlog tap: " + e.getMessage());
      err.flush();
      return 2;
    }
    var topic = mesh.topics().telemetryRequests();
    try (TapStream stream = TapStream.openAtEnd(mesh.reachableBootstrap(), mesh.kafkaClient(), topic)) {
      CountDownLatch ended = new CountDownLatch(1);
      Thread onCtrlC = new Thread(() -> stopAndExitZero(stream, ended), "meshlog-tap-stop");
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      try {
        err.println("meshlog tap: tapping " + filter.target().describe() + " on " + topic.name() + " from now on (Ctrl-C to stop)");
        err.flush();
        TapPrinter printer = new TapPrinter(filter, format, limit, out);
        stream.follow(printer);
        if (stream.undecodable() > 0) {
          err.println("meshlog tap: skipped " + stream.undecodable() + " undecodable record(s)");
          err.flush();
        }
      } finally {
        out.flush();
        ended.countDown();
        removeHook(onCtrlC);
      }
    }
    return 0;
  }

  /**
   * On Ctrl-C the JVM is already exiting (status 130); a tap stopped that way ended normally, so once
   * its output is flushed the process ends with 0, as it does after --max.
   */
  private static void stopAndExitZero(TapStream stream, CountDownLatch ended) {
    stream.wakeup();
    try {
      if (ended.await(5, TimeUnit.SECONDS)) {
        Runtime.getRuntime().halt(0);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running and ends the process
    }
  }

  static OptionalLong parseMax(String text) {
    if (text == null) {
      return OptionalLong.empty();
    }
    try {
      long n = Long.parseLong(text.trim());
      if (n > 0) {
        return OptionalLong.of(n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--max: expected a positive number of requests, got '" + text + "'");
  }

  private static Optional<String> nonBlank(String option, String value) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(option + ": empty");
    }
    return Optional.ofNullable(value);
  }
}
