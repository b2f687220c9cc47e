package dev.meshlog.cli.bench;

import dev.meshlog.cli.Durations;
import dev.meshlog.cli.MeshRuntime;
import dev.meshlog.cli.metrics.MetricSource;
import dev.meshlog.cli.metrics.StoreMetricSource;
import dev.meshlog.cli.metrics.TelemetryServer;
import dev.meshlog.cli.metrics.TopicMetricSource;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.schemas.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Freshness of {@code /metrics}: how long from sending a request until {@code meshlog_requests_total}
 * counts it. Starts its own in-process mesh (embedded broker, engine, telemetry pipeline; no demo), a
 * backend behind a sidecar and a client sidecar ({@link FreshnessMesh}) and the telemetry endpoints,
 * then sends requests one at a time at a steady rate while scraping /metrics ({@link FreshnessRun}).
 */
@Command(name = "telemetry-freshness", mixinStandardHelpOptions = true,
    description = "Time from a request to its count in /metrics (p50/p90/p99/max), on an in-process mesh.")
final class TelemetryFreshnessBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--rate", defaultValue = "20", description = "Requests per second, sent one at a time (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--duration", defaultValue = "60s", description = "How long to send (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--poll", defaultValue = "50ms", description = "Scrape /metrics this often (default: ${DEFAULT-VALUE}).")
  String poll;

  @Option(names = "--source", defaultValue = "store",
      description = "Where /metrics reads the aggregates: store (the pipeline's window stores, as `up` does) or topic (tails the metrics topic) (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--reporter", defaultValue = "destination",
      description = "Whose counter to watch: destination (the backend's sidecar) or source (the client sidecar) (default: ${DEFAULT-VALUE}).")
  String reporter;

  @Override
  public Integer call() throws Exception {
    Duration sendFor = Durations.parse("--duration", duration);
    Duration pollEvery = Durations.parse("--poll", poll);
    if (rate < 1 || rate > 1000) {
      throw new ParameterException(spec.commandLine(), "--rate: must be 1..1000, got " + rate);
    }
    if (!source.equals("store") && !source.equals("topic")) {
      throw new ParameterException(spec.commandLine(), "--source: must be store or topic, got '" + source + "'");
    }
    if (!reporter.equals("destination") && !reporter.equals("source")) {
      throw new ParameterException(spec.commandLine(), "--reporter: must be destination or source, got '" + reporter + "'");
    }
    if (pollEvery.isZero() || sendFor.isZero()) {
      throw new ParameterException(spec.commandLine(), "--poll and --duration: must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("meshlog-freshness");
    Topics topics = Topics.withPrefix("freshness.");
    long started = System.nanoTime();
    try (MeshRuntime runtime = MeshRuntime.start(new MeshRuntime.Options(dir, Optional.empty(), 0, topics, 1, (short) 1,
             false, 0, Debounce.ISTIO, CaConfig.DEFAULT_TRUST_DOMAIN,
             Duration.ofHours(24), Duration.ofSeconds(60)));
         FreshnessMesh mesh = FreshnessMesh.start(runtime.bootstrap(), topics, runtime.tokens());
         AutoCloseable metrics = metricSource(runtime, topics);
         TelemetryServer server = TelemetryServer.start((MetricSource) metrics, 0, Clock.systemUTC())) {
      out.printf(Locale.ROOT, "mesh up in %.1f s (broker %s, /metrics from the %s); %d requests/s for %s, scraping %s every %s, "
              + "counting meshlog_requests_total{reporter=\"%s\",destination_workload=\"%s\",response_code=\"200\"}%n",
          (System.nanoTime() - started) / 1e9, runtime.bootstrap(), source.equals("store") ? "window stores" : "metrics topic",
          rate, sendFor, server.url() + "/metrics", pollEvery, reporter, FreshnessMesh.SERVER_ID);
      out.flush();
      FreshnessRun run = new FreshnessRun(mesh.clientPort(), server.url() + "/metrics",
          CounterScrape.of("meshlog_requests_total", "reporter=" + reporter, "destination_workload=" + FreshnessMesh.SERVER_ID,
              "response_code=200"));
      FreshnessTracker result = run.measure(rate, sendFor, pollEvery, out);
      out.println(result.report());
      out.printf(Locale.ROOT, "scrapes: %d, /metrics response mean %.1f ms, slowest %.1f ms%n", run.scrapes(),
          run.meanScrapeMillis(), run.slowestScrapeMillis());
      out.flush();
      return 0;
    } finally {
      deleteQuietly(dir);
    }
  }

  private AutoCloseable metricSource(MeshRuntime runtime, Topics topics) {
    return source.equals("store") ? StoreMetricSource.start(runtime.pipeline(), Clock.systemUTC())
        : TopicMetricSource.start(runtime.bootstrap(), topics, Clock.systemUTC());
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // A temp directory left behind is harmless.
    }
  }
}
