package dev.meshlog.cli.bench;

import dev.meshlog.kafka.local.EmbeddedKafka;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes a long generated mesh history ({@link GeneratedHistory}) for the history, replay and audit
 * benchmarks, into an existing cluster or a throw-away embedded broker that {@code --hold} keeps up
 * until the process is stopped, so the real commands can be timed against it (ops/bench/history-bench.sh).
 */
@Command(name = "history-log", mixinStandardHelpOptions = true,
    description = "Generate a long policy and cluster event history (default 1,000,000 events) to benchmark history, replay and audit.")
final class HistoryLogBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--events", defaultValue = "1000000", description = "Events in all, policy and cluster (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--span-days", defaultValue = "30", description = "The history covers this many days, ending an hour ago (default: ${DEFAULT-VALUE}).")
  int spanDays;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Write to this cluster instead of a new embedded broker.")
  String bootstrap;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "history.", description = "Topic prefix (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(names = "--ready-file", paramLabel = "FILE", description = "When written, put the bootstrap, prefix and sample arguments here (KEY=VALUE lines).")
  Path readyFile;

  @Option(names = "--hold", description = "Keep the embedded broker running until this process is stopped.")
  boolean hold;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (spanDays < 1) {
      throw new IllegalArgumentException("--span-days: must be at least 1, got " + spanDays);
    }
    PrintWriter out = spec.commandLine().getOut();
    MeshLayout layout = GeneratedHistory.defaultLayout();
    Instant end = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    GeneratedHistory history = new GeneratedHistory(layout, events, end, Duration.ofDays(spanDays));
    Optional<EmbeddedKafka> broker = bootstrap == null ? Optional.of(EmbeddedKafka.startTemporary()) : Optional.empty();
    try {
      String servers = broker.map(EmbeddedKafka::bootstrapServers).orElse(bootstrap);
      Topics topics = Topics.withPrefix(topicPrefix);
      TopicAdmin.ensureTopics(servers, topics.all(), 1, (short) 1);
      long started = System.nanoTime();
      long policy;
      long cluster;
      try (HistoryLogWriter writer = new HistoryLogWriter(servers, topics)) {
        history.forEach(writer::write);
        policy = writer.policyEvents();
        cluster = writer.clusterEvents();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String resource = "VirtualService/" + layout.serviceNamespace(7) + "/" + MeshLayout.serviceName(7);
      Instant middle = history.timeOf(events / 2);
      out.printf("wrote %,d events (%,d policy, %,d cluster) to %s in %.1f s (%,.0f events/s)%n",
          policy + cluster, policy, cluster, servers, seconds, (policy + cluster) / seconds);
      out.printf("history spans %s .. %s; sample resource %s, sample point %s, sample proxy %s%n",
          history.timeOf(0), history.timeOf(events - 1), resource, middle, MeshLayout.proxyId(7));
      out.flush();
      if (readyFile != null) {
        Files.writeString(readyFile, "BOOTSTRAP=" + servers + "\nPREFIX=" + topicPrefix + "\nRESOURCE=" + resource
            + "\nAT=" + middle + "\nPROXY=" + MeshLayout.proxyId(7) + "\nEVENTS=" + (policy + cluster) + "\n");
      }
      if (hold && broker.isPresent()) {
        out.println("holding the broker until this process is stopped");
        out.flush();
        // The broker closes in a shutdown hook and this thread never returns: returning would reach
        // System.exit while the hooks run, which blocks forever and leaves the process behind.
        EmbeddedKafka held = broker.get();
        broker = Optional.empty();
        Runtime.getRuntime().addShutdownHook(new Thread(held::close, "history-log-broker-close"));
        Thread.currentThread().join();
      }
      return 0;
    } finally {
      broker.ifPresent(EmbeddedKafka::close);
    }
  }
}
