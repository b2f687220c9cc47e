package dev.meshlog.cli.bench;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.engine.snapshot.Assembly;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshFold;
import dev.meshlog.engine.snapshot.MeshState;
import dev.meshlog.engine.wire.MeshChanges;
import dev.meshlog.engine.wire.ContentEncoder;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog bench fold}: the snapshot builder's fold alone, in this JVM, no broker. Folds the same
 * mesh {@code bench fanout} seeds (policies, then services, endpoints, proxies) and then weight flips
 * through the engine's own {@link MeshFold}, hashing every assembled snapshot as the builder does, and
 * reports the CPU time of this thread per event: what one engine core spends, whatever else the machine runs.
 */
@Command(name = "fold", mixinStandardHelpOptions = true,
    description = {"The engine's fold alone (no Kafka): CPU time per seed event and per weight flip, proxies re-assembled,",
        "and the live heap of the folded state, for the layout `bench fanout` uses."})
final class FoldBenchmark implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--proxies", defaultValue = "1000", description = "Proxies (default: ${DEFAULT-VALUE}).")
  int proxies;

  @Option(names = "--services", defaultValue = "1000", description = "Services (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--namespaces", defaultValue = "10", description = "Namespaces (default: ${DEFAULT-VALUE}).")
  int namespaces;

  @Option(names = "--changes", defaultValue = "50", description = "Weight flips after the seed (default: ${DEFAULT-VALUE}).")
  int changes;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long sequence;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    MeshLayout layout = new MeshLayout(proxies, services, namespaces, changes, MeshLayout.Scope.NAMESPACE);
    long heapBefore = MeasuredJvm.self("").heapUsedAfterGc().orElse(0);
    MeshFold fold = MeshFold.restore(MeshState.empty(dev.meshlog.engine.ca.signer.CaConfig.DEFAULT_TRUST_DOMAIN));
    List<MeshChange> seed = seed(layout);
    long[] quarterCpu = new long[4];
    long assembled = 0;
    for (int i = 0; i < seed.size(); i++) {
      long start = threads.getCurrentThreadCpuTime();
      assembled += apply(fold, seed.get(i));
      quarterCpu[Math.min(3, i * 4 / seed.size())] += threads.getCurrentThreadCpuTime() - start;
    }
    out.printf(Locale.ROOT, "fold benchmark: %,d proxies, %,d services in %d namespaces (scope: own namespace)%n", proxies, services, namespaces);
    long seedCpu = quarterCpu[0] + quarterCpu[1] + quarterCpu[2] + quarterCpu[3];
    out.printf(Locale.ROOT, "seed: %,d events, %,.1f s of CPU, %,d snapshots assembled and hashed%n", seed.size(), seedCpu / 1e9,
        assembled);
    out.printf(Locale.ROOT, "  CPU per event by quarter of the seed: %s ms (flat if a state update costs O(log n): registrations"
        + " cost their own proxy's assembly)%n", String.format(Locale.ROOT, "%.2f, %.2f, %.2f, %.2f",
        quarterCpu[0] / 1e6 / (seed.size() / 4.0), quarterCpu[1] / 1e6 / (seed.size() / 4.0),
        quarterCpu[2] / 1e6 / (seed.size() / 4.0), quarterCpu[3] / 1e6 / (seed.size() - 3 * (seed.size() / 4.0))));
    List<Long> flipMicros = new ArrayList<>();
    long flipAssembled = 0;
    for (int i = 0; i < changes; i++) {
      MeshChange change = policy(BenchPolicies.virtualService(WeightFlip.of(layout, i)));
      long start = threads.getCurrentThreadCpuTime();
      flipAssembled += apply(fold, change);
      flipMicros.add((threads.getCurrentThreadCpuTime() - start) / 1_000);
    }
    out.printf(Locale.ROOT, "weight flips: %d, CPU per flip %s; %,d proxies re-assembled per flip%n",
        changes, FanoutReport.percentiles(flipMicros), flipAssembled / changes);
    long heapAfter = MeasuredJvm.self("").heapUsedAfterGc().orElse(0);
    out.printf(Locale.ROOT, "folded state and dependency index: ~%,d MB of heap after GC (%s kept alive)%n",
        (heapAfter - heapBefore) >> 20, fold.indexedProxies() + " proxies indexed");
    out.flush();
    return 0;
  }

  /** One event as the builder folds it: the fold, then each assembled snapshot converted and hashed, sharing what they share. */
  private static int apply(MeshFold fold, MeshChange change) {
    MeshFold.Step step = fold.apply(change);
    ContentEncoder encoder = new ContentEncoder();
    for (Assembly assembly : step.assemblies().values()) {
      if (assembly instanceof Assembly.Built built) {
        encoder.hashOf(encoder.content(built.config()));
      }
    }
    return step.assemblies().size();
  }

  private List<MeshChange> seed(MeshLayout layout) {
    List<MeshChange> changes = new ArrayList<>();
    layout.namespaceNames().forEach(ns -> changes.add(policy(BenchPolicies.sidecar(ns))));
    for (int j = 0; j < layout.targets(); j++) {
      String ns = layout.serviceNamespace(j);
      changes.add(policy(BenchPolicies.destinationRule(ns, MeshLayout.serviceName(j), layout.host(j))));
      changes.add(policy(BenchPolicies.virtualService(ns, MeshLayout.serviceName(j), layout.host(j), WeightFlip.SEED_V1_WEIGHT)));
    }
    for (int j = 0; j < layout.services(); j++) {
      String ns = layout.serviceNamespace(j);
      String name = MeshLayout.serviceName(j);
      changes.add(cluster(MeshSeeder.service(ns, name)));
      changes.add(cluster(MeshSeeder.endpoint(ns, name, j, "v1")));
      if (j < layout.targets()) {
        changes.add(cluster(MeshSeeder.endpoint(ns, name, j, "v2")));
      }
    }
    for (int i = 0; i < layout.proxies(); i++) {
      changes.add(cluster(MeshSeeder.proxy(layout.proxyNamespace(i), MeshLayout.proxyId(i))));
    }
    return changes;
  }

  private MeshChange policy(PolicyCommand command) {
    sequence++;
    return MeshChanges.of(PolicyChain.append(command, command.getEnvelope().getSubject(), sequence, 1, "")).orElseThrow();
  }

  private static MeshChange cluster(ClusterEvent event) {
    return MeshChanges.of(event);
  }
}
