package dev.meshlog.cli.bench;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.cli.replay.ReplayedMesh;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The phases of a burst run: seed and settle the mesh as the fan-out benchmark does; time a few
 * changes at the fan-out's usual pace (publish, wait for every ACK, pause) to know the usual rate; then
 * publish every burst command as fast as the publisher goes, in transactions of {@code batch}, and wait
 * until every proxy that should see it has ACKed the final state. Then check that nothing was lost or
 * doubled and that every proxy holds the fold of the final state.
 */
final class BurstRun {

  /** The burst's size and pace: {@code calibration} usual-pace changes first. */
  record Shape(int commands, int batch, int calibration, Duration convergeTimeout, String trustDomain) {}

  private final BenchMesh mesh;
  private final MeshLayout layout;
  private final FanoutRun.Timing timing;
  private final Shape shape;
  private final PrintWriter progress;

  BurstRun(BenchMesh mesh, MeshLayout layout, FanoutRun.Timing timing, Shape shape, PrintWriter progress) {
    this.mesh = mesh;
    this.layout = layout;
    this.timing = timing;
    this.shape = shape;
    this.progress = progress;
  }

  BurstReport execute() throws InterruptedException {
    BurstReport report = new BurstReport(layout, shape, mesh.describe());
    FanoutRun fanout = new FanoutRun(mesh, layout, timing, progress);
    FanoutReport seedReport = new FanoutReport(layout, mesh.describe());
    try (SimulatedProxies proxies = new SimulatedProxies(mesh.bootstrap(), mesh.topics(), layout, !mesh.shared());
         SequencedPolicies sequenced = new SequencedPolicies(mesh.bootstrap(), mesh.topics());
         MeshSeeder seeder = new MeshSeeder(mesh.bootstrap(), mesh.topics(), layout)) {
      try {
        boolean seeded = fanout.seed(proxies, seeder, seedReport);
        report.seed(seedReport.seedResult());
        if (!seeded) {
          return report;
        }
        fanout.settle();
        long calibrationStart = System.nanoTime();
        for (int i = 0; i < shape.calibration(); i++) {
          report.calibration(fanout.change(proxies, sequenced, seeder, WeightFlip.of(layout, i)));
        }
        report.usualPace(Duration.ofNanos(System.nanoTime() - calibrationStart));
        fanout.settle();
        burst(proxies, seeder, report);
      } finally {
        if (mesh.shared()) {
          seeder.removeAll(); // leave the shared mesh as it was
        }
      }
    }
    return report;
  }

  private void burst(SimulatedProxies proxies, MeshSeeder seeder, BurstReport report) throws InterruptedException {
    BurstPlan plan = new BurstPlan(layout, shape.commands());
    List<PolicyCommand> commands = plan.all();
    Map<String, Integer> finalWeights = plan.finalWeights();
    Set<String> audience = plan.audience(finalWeights);
    Set<String> ids = commands.stream().map(c -> c.getEnvelope().getId()).collect(Collectors.toSet());
    Arrivals arrivals = new Arrivals(view -> plan.isFinal(view, finalWeights), audience);
    long snapshotsBefore = proxies.snapshotsReceived();
    long bytesBefore = proxies.bytesReceived();
    progress.printf("burst: publishing %,d commands in transactions of %d...%n", commands.size(), shape.batch());
    progress.flush();
    try (EngineLag lag = new EngineLag(mesh.bootstrap(), mesh.topicPrefix())) {
      proxies.listen(arrivals);
      long start = System.nanoTime();
      for (int from = 0; from < commands.size(); from += shape.batch()) {
        seeder.publishBatch(commands.subList(from, Math.min(commands.size(), from + shape.batch())));
      }
      long published = System.nanoTime();
      progress.printf("burst: published in %,d ms; waiting for %,d proxies to ACK the final state...%n",
          (published - start) / 1_000_000, audience.size());
      progress.flush();
      boolean converged = arrivals.await(shape.convergeTimeout());
      proxies.unlisten(arrivals);
      report.burst(Duration.ofNanos(published - start),
          converged ? java.util.Optional.of(Duration.ofNanos(arrivals.lastExpectedAckNanos().getAsLong() - start))
              : java.util.Optional.empty(),
          audience.size(), arrivals.expectedArrived(), lag.peaks());
    }
    fanout(proxies, snapshotsBefore, bytesBefore, report);
    progress.println("checking: policy events of every command, and the log replayed from scratch...");
    progress.flush();
    BurstCheck.Events events = BurstCheck.events(mesh.bootstrap(), mesh.topics(), ids);
    ReplayedMesh reference = BurstCheck.replay(mesh.bootstrap(), mesh.topics(), shape.trustDomain());
    report.checks(events, BurstCheck.convergence(reference, layout.allProxies(), proxies.latest()));
    report.memory(mesh.memory(), mesh.bytesOnDisk(mesh.topics().proxySnapshots().name()));
  }

  private static void fanout(SimulatedProxies proxies, long snapshotsBefore, long bytesBefore, BurstReport report) {
    report.pushed(proxies.snapshotsReceived() - snapshotsBefore, proxies.bytesReceived() - bytesBefore,
        proxies.snapshotsReceived(), proxies.bytesReceived());
  }
}
