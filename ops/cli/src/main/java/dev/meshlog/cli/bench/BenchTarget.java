package dev.meshlog.cli.bench;

import dev.meshlog.cli.Durations;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * Where a control-plane benchmark runs (a picocli mixin): its own broker and {@code meshlog engine}, each in a child JVM
 * so each one's memory can be measured, or an existing mesh given by {@code --bootstrap}.
 */
final class BenchTarget {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Run against an existing mesh whose engine already folds the topics, instead of an embedded one.")
  String bootstrap;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "", description = "With --bootstrap: the mesh's topic prefix.")
  String topicPrefix;

  @Option(names = "--engine-heap", paramLabel = "SIZE", defaultValue = "3g", description = "Embedded: the engine JVM's -Xmx (default: ${DEFAULT-VALUE}).")
  String engineHeap;

  @Option(names = "--broker-heap", paramLabel = "SIZE", defaultValue = "1g", description = "Embedded: the broker JVM's -Xmx (default: ${DEFAULT-VALUE}).")
  String brokerHeap;

  @Option(names = "--engines", paramLabel = "N", defaultValue = "1",
      description = "Embedded: policy engine instances, each its own JVM with an instance id, sharing one CA (default: ${DEFAULT-VALUE}).")
  int engines;

  @Option(names = "--standby-replicas", paramLabel = "N", defaultValue = "1",
      description = "Embedded, with --engines > 1: standby replicas of each stateful task (default: ${DEFAULT-VALUE}).")
  int standbyReplicas;

  @Option(names = "--session-timeout", paramLabel = "DURATION", defaultValue = "45s",
      description = "Embedded, with --engines > 1: the engine groups' session timeout, what a takeover after a crash waits "
          + "(6s to 30m; default: ${DEFAULT-VALUE}, Kafka's).")
  String sessionTimeout;

  /** Connects to the existing mesh, or starts the embedded one, saying which on {@code progress}. */
  BenchMesh open(PrintWriter progress) throws IOException, InterruptedException {
    boolean external = bootstrap != null && !bootstrap.isBlank();
    progress.println(external ? "connecting to " + bootstrap + "..." : "starting a broker and " + engines + " policy engine instance(s), each in its own JVM...");
    progress.flush();
    return external
        ? BenchMesh.external(bootstrap, topicPrefix.isEmpty() ? Topics.DEFAULT : Topics.withPrefix(topicPrefix))
        : BenchMesh.embedded(new BenchMesh.Heaps(brokerHeap, engineHeap), new BenchMesh.Engines(engines, standbyReplicas,
            Durations.parse("--session-timeout", sessionTimeout)));
  }
}
