package dev.meshlog.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The phases of a takeover run: seed and settle as {@link FanoutRun} does, time {@code changes} flips with every
 * instance up, stop the instance whose snapshot builder task is active, publish the next flip at once, and wait for the
 * survivor: when its task turns active (its own printed clock, same machine) and when every proxy of the flip's
 * audience ACKed the flip. Then {@code changes} flips more on the survivor alone.
 */
final class TakeoverRun {

  /** How the active instance is stopped. */
  enum Stop { kill, term }

  private final BenchMesh mesh;
  private final MeshLayout layout;
  private final FanoutRun fanout;
  private final Duration takeoverTimeout;
  private final Stop stop;
  private final PrintWriter progress;

  TakeoverRun(BenchMesh mesh, MeshLayout layout, FanoutRun.Timing timing, Duration takeoverTimeout, Stop stop, PrintWriter progress) {
    this.mesh = mesh;
    this.layout = layout;
    this.fanout = new FanoutRun(mesh, layout, timing, progress);
    this.takeoverTimeout = takeoverTimeout;
    this.stop = stop;
    this.progress = progress;
  }

  /**
   * @param seedSeconds seed to every proxy ACKed, empty when it did not complete
   * @param before apply-to-last-ACK of the flips with every instance up, microseconds
   * @param stopMs how long stopping the active instance took (SIGKILL: at once; SIGTERM: its clean close)
   * @param takeoverMs from the stop to the survivor's snapshot task active
   * @param firstFlipMs from the flip's publication, right after the stop, to the last ACK of its audience
   * @param after the flips once the survivor runs alone, microseconds
   */
  record Result(Optional<Duration> seed, List<Long> before, long stopMs, OptionalLong takeoverMs, OptionalLong firstFlipMs, List<Long> after,
      int flipsExpected, List<MeasuredJvm.Memory> memory) {

    boolean complete() {
      return seed.isPresent() && takeoverMs.isPresent() && firstFlipMs.isPresent() && before.size() + after.size() == flipsExpected;
    }

    void print(PrintWriter out, int engines, int standbyReplicas, String sessionTimeout, Stop stop) {
      out.printf(Locale.ROOT, "engine takeover: %d instances, standby replicas %d, session timeout %s, active instance stopped by %s%n",
          engines, standbyReplicas, sessionTimeout,
          stop == Stop.kill ? "SIGKILL" : "SIGTERM (clean close, leaves the group)");
      out.printf(Locale.ROOT, "seed: %s%n", seed.map(d -> d.toMillis() + " ms").orElse("not complete"));
      out.printf(Locale.ROOT, "apply-to-last-ACK, all instances up, %d flips: %s%n", before.size(), FanoutReport.percentiles(before));
      out.printf(Locale.ROOT, "stopping the active instance took %,d ms%n", stopMs);
      out.printf(Locale.ROOT, "survivor's snapshot task active: %s after the stop began%n", ms(takeoverMs));
      out.printf(Locale.ROOT, "flip published right after the stop: last ACK of its audience %s after publishing%n", ms(firstFlipMs));
      out.printf(Locale.ROOT, "apply-to-last-ACK, survivor alone, %d flips: %s%n", after.size(), FanoutReport.percentiles(after));
      for (MeasuredJvm.Memory m : memory) {
        out.printf(Locale.ROOT, "memory %s: heap after GC %s, RSS %s%n", m.role(), mb(m.heapUsedAfterGc()), mb(m.rss()));
      }
      out.flush();
    }

    private static String ms(OptionalLong value) {
      return value.isPresent() ? String.format(Locale.ROOT, "%,d ms", value.getAsLong()) : "not within the timeout";
    }

    private static String mb(OptionalLong bytes) {
      return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f MB", bytes.getAsLong() / 1e6) : "n/a";
    }
  }

  Result execute(int changes) throws InterruptedException {
    try (SimulatedProxies proxies = new SimulatedProxies(mesh.bootstrap(), mesh.topics(), layout, true);
         SequencedPolicies sequenced = new SequencedPolicies(mesh.bootstrap(), mesh.topics());
         MeshSeeder seeder = new MeshSeeder(mesh.bootstrap(), mesh.topics(), layout)) {
      FanoutReport seedReport = new FanoutReport(layout, mesh.describe());
      if (!fanout.seed(proxies, seeder, seedReport)) {
        return new Result(Optional.empty(), List.of(), 0, OptionalLong.empty(), OptionalLong.empty(), List.of(), 2 * changes, mesh.memory());
      }
      Optional<Duration> seed = seedReport.seedResult().flatMap(FanoutReport.Seed::took);
      fanout.settle();
      int flip = 0;
      List<Long> before = new ArrayList<>();
      for (; flip < changes; flip++) {
        fanout.change(proxies, sequenced, seeder, WeightFlip.of(layout, flip)).latency().ifPresent(d -> before.add(d.toNanos() / 1_000));
      }

      MeasuredJvm active = activeEngine();
      MeasuredJvm survivor = mesh.engines().stream().filter(e -> e != active).findFirst().orElseThrow();
      progress.printf("stopping %s (it runs the snapshot builder's active task) by %s%n", active.role(), stop);
      progress.flush();
      long stoppedAtMs = System.currentTimeMillis();
      if (stop == Stop.kill) {
        active.kill();
      } else {
        active.close();
      }
      long stopMs = System.currentTimeMillis() - stoppedAtMs;
      FanoutRun.Timing patient = new FanoutRun.Timing(Duration.ZERO, takeoverTimeout, Duration.ZERO);
      FanoutReport.Change first = new FanoutRun(mesh, layout, patient, progress)
          .change(proxies, sequenced, seeder, WeightFlip.of(layout, flip++));
      OptionalLong firstFlipMs = first.latency().map(d -> OptionalLong.of(d.toMillis())).orElse(OptionalLong.empty());
      OptionalLong takeoverMs = activeSince(survivor, stoppedAtMs);

      List<Long> after = new ArrayList<>();
      for (int i = 0; i < changes; i++, flip++) {
        fanout.change(proxies, sequenced, seeder, WeightFlip.of(layout, flip)).latency().ifPresent(d -> after.add(d.toNanos() / 1_000));
      }
      return new Result(seed, before, stopMs, takeoverMs, firstFlipMs, after, 2 * changes, mesh.memory());
    }
  }

  /** The engine whose last printed snapshot task role is active. */
  private MeasuredJvm activeEngine() {
    for (MeasuredJvm engine : mesh.engines()) {
      List<String> lines = engine.linesStartingWith(BenchEngine.TASK_LINE);
      if (!lines.isEmpty() && lines.get(lines.size() - 1).startsWith(BenchEngine.TASK_LINE + "active")) {
        return engine;
      }
    }
    throw new IllegalStateException("no engine instance reports the snapshot builder's active task");
  }

  /** When {@code engine} printed its snapshot task active after {@code sinceMs}, relative to it; waits up to the takeover timeout. */
  private OptionalLong activeSince(MeasuredJvm engine, long sinceMs) throws InterruptedException {
    long deadline = System.nanoTime() + takeoverTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : engine.linesStartingWith(BenchEngine.TASK_LINE + "active ")) {
        long at = Long.parseLong(line.substring((BenchEngine.TASK_LINE + "active ").length()).trim());
        if (at >= sinceMs) {
          return OptionalLong.of(at - sinceMs);
        }
      }
      Thread.sleep(100); // the child's log file is all there is to watch
    }
    return OptionalLong.empty();
  }
}
