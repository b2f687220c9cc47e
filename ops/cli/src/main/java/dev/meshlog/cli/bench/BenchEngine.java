package dev.meshlog.cli.bench;

import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.jobs.ControlPlaneJobs;
import dev.meshlog.cli.jobs.EngineOptions;
import dev.meshlog.cli.jobs.Membership;
import dev.meshlog.cli.jobs.TopicLayout;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's policy engine in its own JVM: what {@code meshlog engine} runs (the engine with its CA,
 * Istio's debounce, topics made as {@code meshlog up} makes them), without that command's six-second
 * reachability check, which a loaded two-core machine fails. Prints {@code engine running} once RUNNING
 * and stops when its standard input closes.
 *
 * <p>Arguments: bootstrap, topic prefix, data directory; then, for one instance among several, its CA directory
 * (shared: every instance must sign with the same CA), its instance id, its standby replicas and its session timeout (ms). Every change of the
 * snapshot builder's task on this instance is printed as {@code snapshot task <active|standby|none> <epoch ms>}, which
 * is how {@code bench takeover} tells which instance folds and when a survivor took over.
 */
public final class BenchEngine {

  static final String READY_LINE = "engine running";
  static final String TASK_LINE = "snapshot task ";

  private BenchEngine() {}

  public static void main(String[] args) throws IOException {
    String bootstrap = args[0];
    String prefix = args[1];
    Path dataDir = Path.of(args[2]);
    Path caDir = args.length > 3 ? Path.of(args[3]) : dataDir.resolve("ca");
    Membership membership = args.length > 6
        ? Membership.of(args[4], Integer.parseInt(args[5])).withSessionTimeout(Duration.ofMillis(Long.parseLong(args[6])))
        : Membership.DEFAULT;
    Topics topics = Topics.withPrefix(prefix);
    new TopicLayout(topics, 1).ensure(bootstrap, (short) 1);
    CaConfig ca = LocalCa.inDirectory(caDir, CaConfig.DEFAULT_TRUST_DOMAIN, System.getenv());
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    try (PolicyEngine engine = ControlPlaneJobs.startEngine(EngineOptions.of(bootstrap, topics, prefix, dataDir.resolve("state"),
        (short) 1, ca).withMembership(membership))) {
      engine.awaitRunning(Duration.ofMinutes(10)); // restoring and joining take minutes on a loaded machine
      System.out.println(READY_LINE);
      System.out.flush();
      watch.scheduleWithFixedDelay(new SnapshotTaskWatch(engine, prefix + EngineConfig.DEFAULT_APPLICATION_ID_PREFIX + "-snapshots"),
          0, 50, TimeUnit.MILLISECONDS);
      InputStream in = System.in;
      while (in.read() >= 0) {
        // nothing is ever sent: end of input is the signal to stop
      }
    } finally {
      watch.shutdownNow();
    }
    System.exit(0);
  }

  /** Prints the snapshot builder's task role on this instance whenever it changes. */
  private static final class SnapshotTaskWatch implements Runnable {

    private final PolicyEngine engine;
    private final String snapshotsAppId;
    private String last = "";

    SnapshotTaskWatch(PolicyEngine engine, String snapshotsAppId) {
      this.engine = engine;
      this.snapshotsAppId = snapshotsAppId;
    }

    @Override
    public void run() {
      PolicyEngine.AppTasks tasks = engine.tasks().get(snapshotsAppId);
      String role = tasks == null ? "none" : !tasks.active().isEmpty() ? "active" : !tasks.standby().isEmpty() ? "standby" : "none";
      if (!role.equals(last)) {
        last = role;
        System.out.println(TASK_LINE + role + " " + System.currentTimeMillis());
        System.out.flush();
      }
    }
  }
}
