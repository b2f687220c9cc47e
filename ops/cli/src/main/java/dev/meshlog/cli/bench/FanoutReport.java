package dev.meshlog.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/** What a fan-out run measured, and its text form. Filled phase by phase by {@link FanoutRun}. */
final class FanoutReport {

  /** The registration burst: {@code took} is empty when not every proxy got its whole scope in time. */
  record Seed(int events, int policies, int registrations, Optional<Duration> took, int proxiesSeeded) {}

  /**
   * One weight flip: {@code latency} (publish start to last expected ACK) is empty when it timed out;
   * {@code stages} says where the time went, measured from the publish start too.
   */
  record Change(WeightFlip flip, Optional<Duration> latency, Optional<Stages> stages, int expected, int acked, int reached,
      int causedBy) {}

  /**
   * Milliseconds from the publish start until the sequencer's policy event was visible, the engine
   * emitted the last expected snapshot (its record timestamp), and that snapshot was received.
   */
  record Stages(long sequencedMs, long emittedMs, long receivedMs) {}

  private static final long MAX_TRACKED_MICROS = Duration.ofMinutes(10).toNanos() / 1_000;

  private final MeshLayout layout;
  private final String mesh;
  private Optional<String> sidecarRefusal = Optional.empty();
  private Seed seed;
  private final List<Change> changes = new ArrayList<>();
  private List<SnapshotView> finalViews = List.of();
  private long snapshotsDuringChanges;
  private long bytesDuringChanges;
  private Totals totals = new Totals(0, 0, OptionalLong.empty());
  private List<MeasuredJvm.Memory> memory = List.of();

  /**
   * Everything the simulated proxies read from the snapshot topic (seed and changes: the value bytes
   * written there for them) and what the broker holds for the topic on disk.
   */
  record Totals(long snapshots, long valueBytes, OptionalLong bytesOnDisk) {}

  FanoutReport(MeshLayout layout, String mesh) {
    this.layout = layout;
    this.mesh = mesh;
  }

  void sidecarRefused(String reason) {
    sidecarRefusal = Optional.of(reason);
  }

  void seed(Seed seed) {
    this.seed = seed;
  }

  /** The seed phase's result, once {@link #seed} was told. */
  java.util.Optional<Seed> seedResult() {
    return java.util.Optional.ofNullable(seed);
  }

  void change(Change change) {
    changes.add(change);
  }

  void end(Collection<SnapshotView> views, long snapshots, long bytes, Totals totals, List<MeasuredJvm.Memory> memory) {
    finalViews = List.copyOf(views);
    snapshotsDuringChanges = snapshots;
    bytesDuringChanges = bytes;
    this.totals = totals;
    this.memory = List.copyOf(memory);
  }

  List<Change> changes() {
    return List.copyOf(changes);
  }

  /** Every proxy seeded and every change ACKed by all its proxies. */
  boolean complete() {
    return seed != null && seed.took().isPresent() && changes.size() == layout.changes()
        && changes.stream().allMatch(c -> c.latency().isPresent());
  }

  void print(PrintWriter out) {
    out.printf(Locale.ROOT, "fan-out benchmark: %,d proxies, %,d services in %d namespaces, scope %s, %d changes%n",
        layout.proxies(), layout.services(), layout.namespaces(), layout.scope().name().toLowerCase(Locale.ROOT), layout.changes());
    out.printf("mesh: %s%n", mesh);
    sidecarRefusal.ifPresent(r -> out.printf("Sidecar policies refused by this build's ingest, so nothing scopes the snapshots: %s%n", r));
    printSeed(out);
    printChanges(out);
    printSizes(out);
    out.printf(Locale.ROOT, "snapshot topic in total (seed and changes): %,d snapshots, %,d KB of values read by the proxies;"
        + " on the broker's disk: %s%n", totals.snapshots(), totals.valueBytes() >> 10,
        totals.bytesOnDisk().isPresent() ? String.format(Locale.ROOT, "%,d KB", totals.bytesOnDisk().getAsLong() >> 10) : "n/a");
    MemoryLines.print(out, memory);
    out.printf("result: %s%n", complete() ? "OK" : "TIMED OUT (see above)");
    out.flush();
  }

  private void printSeed(PrintWriter out) {
    if (seed == null) {
      return;
    }
    out.printf(Locale.ROOT, "seed: %,d events in one burst (%,d policy commands, %,d service/workload/proxy registrations)%n",
        seed.events(), seed.policies(), seed.registrations());
    if (seed.took().isEmpty()) {
      out.printf(Locale.ROOT, "  TIMED OUT: %,d of %,d proxies received their whole scope%n", seed.proxiesSeeded(), layout.proxies());
      return;
    }
    double seconds = seed.took().get().toNanos() / 1e9;
    out.printf(Locale.ROOT, "  events folded per second: %,.0f (%,d events / %.2f s)%n", seed.events() / seconds, seed.events(), seconds);
    out.println("  (time from the first publish to the last proxy's ACK of a snapshot that routes every service in its"
        + " scope, with the target services' seed weights)");
  }

  private void printChanges(PrintWriter out) {
    for (Change c : changes) {
      String outcome = c.latency().map(d -> String.format(Locale.ROOT, "%,d ms", d.toMillis())).orElse("TIMED OUT");
      String stages = c.stages().map(st -> String.format(Locale.ROOT, " (sequenced +%,d, emitted +%,d, received +%,d)",
              st.sequencedMs(), st.emittedMs(), st.receivedMs()))
          .orElse("");
      out.printf(Locale.ROOT, "  change %2d %s v1=%d: %d/%d proxies ACKed, %s%s; reached %d, causes named it in %d%n",
          c.flip().index() + 1, c.flip().subject(), c.flip().v1Weight(), c.acked(), c.expected(), outcome, stages,
          c.reached(), c.causedBy());
    }
    List<Long> latencies = changes.stream().flatMap(c -> c.latency().stream()).map(d -> d.toNanos() / 1_000).toList();
    if (!latencies.isEmpty()) {
      out.printf(Locale.ROOT, "apply-to-last-ACK over %d changes: %s%n", latencies.size(), percentiles(latencies));
      out.println("  (publish start to the moment the last proxy that should see the change has its ACK of a snapshot"
          + " routing the new weights accepted by the broker)");
      List<Stages> stages = changes.stream().flatMap(c -> c.stages().stream()).toList();
      out.printf(Locale.ROOT, "  publish start to the policy event visible (commit, sequencer): %s%n",
          percentiles(stages.stream().map(st -> st.sequencedMs() * 1_000).toList()));
      out.printf(Locale.ROOT, "  publish start to the engine emitting the last snapshot needed: %s%n",
          percentiles(stages.stream().map(st -> st.emittedMs() * 1_000).toList()));
      out.printf(Locale.ROOT, "  publish start to the last snapshot needed received (after the engine's EOS commit): %s%n",
          percentiles(stages.stream().map(st -> st.receivedMs() * 1_000).toList()));
      long p99 = Math.min(histogram(latencies).getValueAtPercentile(99), Collections.max(latencies));
      out.printf(Locale.ROOT, "target p99 <= 1 s (the issue's, for 1,000 proxies): %s%n", p99 <= 1_000_000 ? "met" : "NOT met");
    }
    IntSummaryStatistics expected = changes.stream().mapToInt(Change::expected).summaryStatistics();
    IntSummaryStatistics reached = changes.stream().mapToInt(Change::reached).summaryStatistics();
    long timedOut = changes.stream().filter(c -> c.latency().isEmpty()).count();
    if (!changes.isEmpty()) {
      out.printf(Locale.ROOT, "proxies per change: expected %d..%d, reached %d..%d (reached: every proxy that got the change"
          + " within the wait, needed or not); %d of %d changes reached all expected proxies%n",
          expected.getMin(), expected.getMax(), reached.getMin(), reached.getMax(), changes.size() - timedOut, changes.size());
      out.printf(Locale.ROOT, "pushed during the changes: %,d snapshots, %,d KB (%,d snapshots and %,d KB per change)%n",
          snapshotsDuringChanges, bytesDuringChanges >> 10, snapshotsDuringChanges / changes.size(), (bytesDuringChanges / changes.size()) >> 10);
    }
  }

  /** p50, p99 and max of microsecond values, in ms; percentiles from HdrHistogram (3 digits), never above the exact max. */
  static String percentiles(List<Long> micros) {
    if (micros.isEmpty()) {
      return "n/a";
    }
    Histogram histogram = histogram(micros);
    long max = Collections.max(micros);
    return String.format(Locale.ROOT, "p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms",
        Math.min(histogram.getValueAtPercentile(50), max) / 1e3, Math.min(histogram.getValueAtPercentile(99), max) / 1e3, max / 1e3);
  }

  private static Histogram histogram(List<Long> micros) {
    Histogram histogram = new Histogram(MAX_TRACKED_MICROS, 3);
    micros.forEach(v -> histogram.recordValue(Math.max(0, Math.min(MAX_TRACKED_MICROS, v))));
    return histogram;
  }

  private void printSizes(PrintWriter out) {
    if (finalViews.isEmpty()) {
      return;
    }
    Histogram bytes = new Histogram(3);
    Histogram routes = new Histogram(3);
    finalViews.forEach(v -> {
      bytes.recordValue(v.bytes());
      routes.recordValue(v.routes());
    });
    out.printf(Locale.ROOT, "snapshot bytes per proxy (last snapshot of %d proxies): p50 %,d, max %,d%n",
        finalViews.size(), bytes.getValueAtPercentile(50), bytes.getMaxValue());
    long widest = routes.getMaxValue();
    int scopeSize = finalViews.stream().mapToInt(v -> layout.scopeOf(v.proxyId()).size()).max().orElse(0);
    String verdict = layout.scope() == MeshLayout.Scope.ALL ? "every proxy's scope is the whole mesh"
        : widest <= scopeSize ? "snapshots are scoped" : "snapshots are NOT scoped (routes outside the proxy's namespace)";
    out.printf(Locale.ROOT, "routes per proxy: p50 %,d, max %,d; a proxy's scope: at most %,d services; %s%n",
        routes.getValueAtPercentile(50), widest, scopeSize, verdict);
  }
}
