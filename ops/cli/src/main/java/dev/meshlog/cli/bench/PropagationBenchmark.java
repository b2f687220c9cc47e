package dev.meshlog.cli.bench;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyDocuments;
import dev.meshlog.ingest.publish.PolicyPublisher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Apply-to-ACK propagation: publishes a VirtualService change N times (alternating 90/10 and
 * 10/90 over the demo's reviews v1/v2) and measures, for each, the time from the start of the
 * publish to the moment the watched proxy's ACK of a newer version is visible on the ACK topic.
 * Needs a running mesh, e.g. {@code meshlog up --demo}.
 */
@Command(name = "propagation", description = "Measure apply-to-ACK propagation (p50/p99) against a running mesh.")
final class PropagationBenchmark implements Callable<Integer> {

  private static final String RULE = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: %1$s}
      spec:
        host: reviews
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
      """;
  private static final String ROUTE = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: %1$s}
      spec:
        hosts: [reviews]
        http:
        - route:
          - {destination: {host: reviews, subset: v1}, weight: %2$d}
          - {destination: {host: reviews, subset: v2}, weight: %3$d}
      """;

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--proxy", defaultValue = "demo-client", description = "Proxy whose ACKs are timed (default: ${DEFAULT-VALUE}).")
  String proxyId;

  @Option(names = "--namespace", defaultValue = "default")
  String namespace;

  @Option(names = "--applies", defaultValue = "20")
  int applies;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String bootstrap = mesh.reachableBootstrap();
    Attribution who = new Attribution("bench:propagation", "apply-to-ACK benchmark", Source.CLI);
    List<Double> millis = new ArrayList<>();
    try (PolicyPublisher publisher = new PolicyPublisher(bootstrap, mesh.topics());
         AckWatcher acks = new AckWatcher(bootstrap, mesh.topics().proxyAcks())) {
      publisher.publish(parse(RULE.formatted(namespace), who));
      long version = acks.next(proxyId, -1, Duration.ofSeconds(10)).map(s -> s.ack().getVersion()).orElse(-1L);
      for (int i = 0; i < applies; i++) {
        int v1 = i % 2 == 0 ? 10 : 90;
        List<PolicyCommand> change = parse(ROUTE.formatted(namespace, v1, 100 - v1), who);
        long start = System.nanoTime();
        publisher.publish(change);
        var seen = acks.next(proxyId, version, Duration.ofSeconds(30));
        if (seen.isEmpty() || !AckWatcher.isAck(seen.get())) {
          out.printf("apply %d: no ACK from %s within 30 s%s%n", i + 1, proxyId,
              seen.map(s -> " (NACK: " + s.ack().getErrorDetail() + ")").orElse(""));
          out.flush();
          return 1;
        }
        version = seen.get().ack().getVersion();
        millis.add((seen.get().seenAtNanos() - start) / 1e6);
      }
    }
    List<Double> sorted = millis.stream().sorted().toList();
    out.printf(Locale.ROOT, "apply-to-ACK over %d applies to %s: p50 %.0f ms, p99 %.0f ms, min %.0f ms, max %.0f ms%n",
        sorted.size(), proxyId, percentile(sorted, 50), percentile(sorted, 99), sorted.get(0), sorted.get(sorted.size() - 1));
    out.flush();
    return 0;
  }

  private static List<PolicyCommand> parse(String yaml, Attribution who) {
    ParseResult parsed = PolicyDocuments.parse("bench.yaml", yaml, who);
    if (parsed instanceof ParseResult.Refused refused) {
      throw new IllegalStateException("bench policy refused: " + refused.errors());
    }
    return ((ParseResult.Parsed) parsed).commands();
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
