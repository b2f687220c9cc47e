package dev.meshlog.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The phases of a fan-out run against a {@link BenchMesh}: seed the mesh in one burst and wait until
 * every simulated proxy has its whole scope, then publish the weight flips one at a time, each
 * waiting for the last ACK of the proxies that should see it, then a short pause.
 */
final class FanoutRun {

  /** How long each phase may take, and the pause between changes. */
  record Timing(Duration seedTimeout, Duration changeTimeout, Duration pause) {}

  private static final int GIVE_UP_AFTER = 3;

  private final BenchMesh mesh;
  private final MeshLayout layout;
  private final Timing timing;
  private final PrintWriter progress;

  FanoutRun(BenchMesh mesh, MeshLayout layout, Timing timing, PrintWriter progress) {
    this.mesh = mesh;
    this.layout = layout;
    this.timing = timing;
    this.progress = progress;
  }

  FanoutReport execute() throws InterruptedException {
    FanoutReport report = new FanoutReport(layout, mesh.describe());
    try (SimulatedProxies proxies = new SimulatedProxies(mesh.bootstrap(), mesh.topics(), layout, !mesh.shared());
         SequencedPolicies sequenced = new SequencedPolicies(mesh.bootstrap(), mesh.topics());
         MeshSeeder seeder = new MeshSeeder(mesh.bootstrap(), mesh.topics(), layout)) {
      try {
        boolean seeded = seed(proxies, seeder, report);
        if (seeded) {
          settle();
        }
        long snapshotsBefore = proxies.snapshotsReceived();
        long bytesBefore = proxies.bytesReceived();
        int timedOutInARow = 0;
        for (int i = 0; seeded && i < layout.changes() && timedOutInARow < GIVE_UP_AFTER; i++) {
          FanoutReport.Change change = change(proxies, sequenced, seeder, WeightFlip.of(layout, i));
          report.change(change);
          timedOutInARow = change.latency().isPresent() ? 0 : timedOutInARow + 1;
        }
        if (timedOutInARow == GIVE_UP_AFTER) {
          progress.printf("giving up after %d changes in a row timed out%n", GIVE_UP_AFTER);
        }
        FanoutReport.Totals totals = new FanoutReport.Totals(proxies.snapshotsReceived(), proxies.bytesReceived(),
            mesh.bytesOnDisk(mesh.topics().proxySnapshots().name()));
        report.end(proxies.latest().values(), proxies.snapshotsReceived() - snapshotsBefore,
            proxies.bytesReceived() - bytesBefore, totals, mesh.memory());
      } finally {
        if (mesh.shared()) {
          seeder.removeAll(); // leave the shared mesh as it was
        }
      }
    }
    return report;
  }

  /** Waits until the engine's status job has every proxy SYNCED, so what follows is not measured behind the seed's backlog. */
  void settle() {
    long settledNanos = SyncedMesh.await(mesh.bootstrap(), mesh.topics(), layout.allProxies(), timing.seedTimeout());
    progress.printf("settled: %s%n", settledNanos < 0 ? "not every proxy SYNCED within " + timing.seedTimeout()
        : "every proxy SYNCED on mesh.proxy.status " + settledNanos / 1_000_000 + " ms after the seed");
    progress.flush();
  }

  boolean seed(SimulatedProxies proxies, MeshSeeder seeder, FanoutReport report) throws InterruptedException {
    Map<String, Integer> targets = layout.targetHosts();
    Arrivals seeded = new Arrivals(view -> view.isSeeded(layout, targets), layout.allProxies());
    proxies.listen(seeded);
    long start = System.nanoTime();
    int policies = 0;
    if (layout.scope() == MeshLayout.Scope.NAMESPACE) {
      Optional<String> refused = seeder.publishSidecars();
      refused.ifPresent(report::sidecarRefused);
      policies += refused.isPresent() ? 0 : layout.namespaces();
    }
    policies += seeder.publishTargetPolicies();
    int registrations = seeder.registerAll();
    progress.printf("seeding: %,d policies and %,d registrations published, waiting for %,d proxies...%n",
        policies, registrations, layout.proxies());
    progress.flush();
    boolean complete = seeded.await(timing.seedTimeout());
    proxies.unlisten(seeded);
    Optional<Duration> took = complete ? Optional.of(Duration.ofNanos(seeded.lastExpectedAckNanos().orElseThrow() - start))
        : Optional.empty();
    report.seed(new FanoutReport.Seed(policies + registrations, policies, registrations, took, seeded.expectedArrived()));
    return complete;
  }

  FanoutReport.Change change(SimulatedProxies proxies, SequencedPolicies sequenced, MeshSeeder seeder, WeightFlip flip)
      throws InterruptedException {
    Arrivals arrivals = new Arrivals(view -> view.carries(flip), layout.audienceOf(flip.service()));
    proxies.listen(arrivals);
    long start = System.nanoTime();
    long startMs = System.currentTimeMillis();
    seeder.publishChange(flip);
    boolean complete = arrivals.await(timing.changeTimeout());
    Thread.sleep(timing.pause().toMillis()); // lets proxies outside the audience show whether they got it too
    proxies.unlisten(arrivals);
    Optional<Duration> latency = complete && arrivals.lastExpectedAckNanos().isPresent()
        ? Optional.of(Duration.ofNanos(arrivals.lastExpectedAckNanos().getAsLong() - start)) : Optional.empty();
    if (!complete) {
      progress.printf("change %d (%s): only %d of %d proxies ACKed within %s%n",
          flip.index() + 1, flip.subject(), arrivals.expectedArrived(), arrivals.expected(), timing.changeTimeout());
      progress.flush();
    }
    OptionalLong emitted = arrivals.latestExpected(SnapshotView::emittedAtMs);
    OptionalLong received = arrivals.latestExpected(SnapshotView::receivedAtMs);
    OptionalLong visible = sequenced.visibleSince(flip.subject(), startMs);
    Optional<FanoutReport.Stages> stages = emitted.isPresent() && received.isPresent() && visible.isPresent()
        ? Optional.of(new FanoutReport.Stages(visible.getAsLong() - startMs, emitted.getAsLong() - startMs, received.getAsLong() - startMs))
        : Optional.empty();
    return new FanoutReport.Change(flip, latency, stages, arrivals.expected(), arrivals.expectedArrived(), arrivals.reached(),
        arrivals.causedBy(flip.subject()));
  }
}
