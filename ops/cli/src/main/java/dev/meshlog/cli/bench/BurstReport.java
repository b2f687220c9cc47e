package dev.meshlog.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What a burst run measured and checked, and its text form. Filled phase by phase by {@link BurstRun}. */
final class BurstReport {

  private final MeshLayout layout;
  private final BurstRun.Shape shape;
  private final String mesh;
  private Optional<FanoutReport.Seed> seed = Optional.empty();
  private final List<FanoutReport.Change> calibration = new ArrayList<>();
  private Duration usualPace = Duration.ZERO;
  private Duration publishTook;
  private Optional<Duration> convergedAfter = Optional.empty();
  private int audience;
  private int acked;
  private Map<String, Long> peakLag = Map.of();
  private long burstSnapshots;
  private long burstBytes;
  private long totalSnapshots;
  private long totalBytes;
  private BurstCheck.Events events;
  private BurstCheck.Convergence convergence;
  private List<MeasuredJvm.Memory> memory = List.of();
  private OptionalLong snapshotTopicOnDisk = OptionalLong.empty();

  BurstReport(MeshLayout layout, BurstRun.Shape shape, String mesh) {
    this.layout = layout;
    this.shape = shape;
    this.mesh = mesh;
  }

  void seed(Optional<FanoutReport.Seed> seed) {
    this.seed = seed;
  }

  void calibration(FanoutReport.Change change) {
    calibration.add(change);
  }

  void usualPace(Duration took) {
    usualPace = took;
  }

  void burst(Duration publishTook, Optional<Duration> convergedAfter, int audience, int acked, Map<String, Long> peakLag) {
    this.publishTook = publishTook;
    this.convergedAfter = convergedAfter;
    this.audience = audience;
    this.acked = acked;
    this.peakLag = peakLag;
  }

  void pushed(long snapshots, long bytes, long totalSnapshots, long totalBytes) {
    this.burstSnapshots = snapshots;
    this.burstBytes = bytes;
    this.totalSnapshots = totalSnapshots;
    this.totalBytes = totalBytes;
  }

  void checks(BurstCheck.Events events, BurstCheck.Convergence convergence) {
    this.events = events;
    this.convergence = convergence;
  }

  void memory(List<MeasuredJvm.Memory> memory, OptionalLong snapshotTopicOnDisk) {
    this.memory = List.copyOf(memory);
    this.snapshotTopicOnDisk = snapshotTopicOnDisk;
  }

  /** Every proxy ACKed the final state in time, no command was lost or doubled, and every proxy holds the replayed fold. */
  boolean ok() {
    return convergedAfter.isPresent() && events != null && events.exact() && convergence != null && convergence.converged();
  }

  /** Changes per second at the fan-out benchmark's pace: each published alone, awaited to its last ACK, then a pause. */
  double usualRate() {
    return usualPace.isZero() ? 0 : calibration.size() / (usualPace.toNanos() / 1e9);
  }

  double burstRate() {
    return publishTook == null || publishTook.isZero() ? 0 : shape.commands() / (publishTook.toNanos() / 1e9);
  }

  void print(PrintWriter out) {
    out.printf(Locale.ROOT, "burst benchmark: %,d proxies, %,d services in %d namespaces, %,d commands over %d target services%n",
        layout.proxies(), layout.services(), layout.namespaces(), shape.commands(), layout.targets());
    out.printf("mesh: %s%n", mesh);
    seed.ifPresent(s -> out.printf(Locale.ROOT, "seed: %,d events, %s%n", s.events(),
        s.took().map(d -> String.format(Locale.ROOT, "every proxy had its whole scope after %,d ms", d.toMillis()))
            .orElse("TIMED OUT: " + s.proxiesSeeded() + " of " + layout.proxies() + " proxies seeded")));
    if (!calibration.isEmpty()) {
      List<Long> latencies = calibration.stream().flatMap(c -> c.latency().stream()).map(d -> d.toNanos() / 1_000).toList();
      out.printf(Locale.ROOT, "usual rate: %.2f changes/s (%d changes at the fan-out pace: apply, wait for the last ACK, pause;"
          + " apply-to-last-ACK %s)%n", usualRate(), calibration.size(), FanoutReport.percentiles(latencies));
    }
    if (publishTook != null) {
      out.printf(Locale.ROOT, "burst rate: %,.0f commands/s (%,d commands published in %,d ms, %d per transaction): %.0fx the usual rate%n",
          burstRate(), shape.commands(), publishTook.toMillis(), shape.batch(), usualRate() == 0 ? 0 : burstRate() / usualRate());
      out.printf(Locale.ROOT, "final state ACKed by every proxy that should see it: %s (%d of %d proxies)%n",
          convergedAfter.map(d -> String.format(Locale.ROOT, "%,d ms after the first publish", d.toMillis()))
              .orElse("TIMED OUT after " + shape.convergeTimeout()), acked, audience);
      StringBuilder lags = new StringBuilder();
      peakLag.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> lags.append(lags.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%,d", e.getValue())));
      out.printf("peak engine lag (input records not yet committed, sampled every 200 ms): %s%n", lags);
      out.printf(Locale.ROOT, "snapshots pushed during the burst: %,d (%,d KB), %.2f snapshots and %,d bytes per command;"
          + " snapshot topic in total: %,d snapshots, %,d KB of values, %s on the broker's disk%n",
          burstSnapshots, burstBytes >> 10, burstSnapshots / (double) shape.commands(), burstBytes / shape.commands(),
          totalSnapshots, totalBytes >> 10, MemoryLines.mb(snapshotTopicOnDisk));
    }
    if (events != null && convergence != null) {
      BurstCheck.describe(events, convergence).forEach(out::println);
    }
    if (!memory.isEmpty()) {
      MemoryLines.print(out, memory);
    }
    out.printf("result: %s%n", ok() ? "OK (converged, nothing lost or duplicated)" : "FAILED (see above)");
    out.flush();
  }
}
