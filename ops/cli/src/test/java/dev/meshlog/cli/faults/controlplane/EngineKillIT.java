package dev.meshlog.cli.faults.controlplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.cli.ChildJvm;
import dev.meshlog.cli.faults.ClientTraffic;
import dev.meshlog.cli.jobs.TopicLayout;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code meshlog engine} in its own process is killed with SIGKILL while it folds a burst of policy changes (some
 * events out, not all; its exactly-once transactions open), then started again on the same data directory (state
 * and CA). Its open transactions must be aborted, not half-applied, and the restarted engine must finish the burst.
 * Both runs use one {@code --instance-id}, as a StatefulSet pod does with its name: the restarted engine takes the
 * killed member's place in each app's group at once, instead of waiting out its 45 s session timeout.
 */
class EngineKillIT {

  private static final Logger log = LoggerFactory.getLogger(EngineKillIT.class);
  private static final int BURST = 300;
  /** The engine's static membership id, the same before and after the kill (a StatefulSet pod's name). */
  private static final String INSTANCE_ID = "meshlog-engine-0";

  @TempDir
  Path dir;

  @Test
  void shouldLoseNothingAndFailNoRequestWhenTheEngineIsKilledMidFold() throws Exception {
    killMidFoldAndRestart(false);
  }

  /** The same, but the engine comes back on an empty state directory: Streams restores its stores from the changelogs. */
  @Test
  void shouldRestoreFromTheChangelogsWhenTheKilledEngineComesBackWithoutItsState() throws Exception {
    killMidFoldAndRestart(true);
  }

  private void killMidFoldAndRestart(boolean wipeState) throws Exception {
    try (OwnedBroker broker = OwnedBroker.start(dir.resolve("kafka"))) {
      String bootstrap = broker.bootstrap();
      String prefix = KafkaBroker.uniqueName("engine-kill") + ".";
      Topics topics = Topics.withPrefix(prefix);
      new TopicLayout(topics, 1).ensure(bootstrap, (short) 1);
      Path dataDir = dir.resolve("meshlog");
      long firstStart = System.nanoTime();
      ChildJvm engine = startEngine(bootstrap, prefix, dataDir, "engine-1.log");
      // the baseline for the restart: JVM, CA, topics and four Streams apps from nothing, no group to rejoin
      long firstStartMs = (System.nanoTime() - firstStart) / 1_000_000;
      try (DataPlane plane = DataPlane.start(bootstrap, topics);
          BurstPublisher publisher = new BurstPublisher(bootstrap, topics.policyCommands())) {
        List<PolicyCommand> setup = BurstCommands.setup();
        publisher.sendAndFlush(setup);
        ClientTraffic traffic = plane.startTraffic();

        publisher.startBurst(BurstCommands.burst(BURST), Duration.ofMillis(30));
        String events = topics.policyEvents().name();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
            .until(() -> LogEnds.of(bootstrap, events).highWatermark() >= setup.size() + BURST / 3);
        engine.process().destroyForcibly();
        assertTrue(engine.process().waitFor(30, TimeUnit.SECONDS), "the engine is gone after SIGKILL");
        long killedAt = System.nanoTime();
        // What the killed engine left: a high watermark above the last stable offset is a transaction it had open.
        LogEnds eventsAtKill = PatientRead.of(() -> LogEnds.of(bootstrap, events));
        LogEnds snapshotsAtKill = PatientRead.of(() -> LogEnds.of(bootstrap, topics.proxySnapshots().name()));
        LogEnds statusAtKill = PatientRead.of(() -> LogEnds.of(bootstrap, topics.policyStatus().name()));
        int sentAtKill = publisher.sentCount();
        if (wipeState) {
          // the Streams state only: the CA's files (and so the trust bundle) stay
          deleteTree(dataDir.resolve("state"));
        }

        engine = startEngine(bootstrap, prefix, dataDir, "engine-2.log");
        long restartedAt = System.nanoTime();
        long runningAfterKillMs = (restartedAt - killedAt) / 1_000_000;
        await().atMost(Duration.ofSeconds(180)).until(publisher::burstDone);
        int commandsInLog = EventLogAudit.commandsInLog(bootstrap, topics);
        Map<String, String> settled = Convergence.settle(bootstrap, topics, plane, commandsInLog, Duration.ofSeconds(180));
        long convergedMs = (System.nanoTime() - restartedAt) / 1_000_000;
        long convergedAfterKillMs = (System.nanoTime() - killedAt) / 1_000_000;

        EventLogAudit audit = EventLogAudit.check(bootstrap, topics, publisher);
        int eventRecordsUncommittedView = PatientRead.of(() -> LogEnds.uncommittedReaderCount(bootstrap, events));
        traffic.close();
        log.info("FAULT engine-kill{}: killed with {} commands sent; at the kill events {} snapshots {} status {} "
                + "(hwm > lso = open transaction); afterwards {} event records for a read_uncommitted reader vs {} committed "
                + "(aborted: {}); commands sent {} acked {} failed {} landed-without-ack {}; events {}; restarted engine "
                + "(same instance id) running {} ms after the kill (the first start took {} ms); converged {} ms after that "
                + "({} ms after the kill); client requests ok {} failed {}",
            wipeState ? " (state wiped)" : "", sentAtKill, eventsAtKill, snapshotsAtKill, statusAtKill, eventRecordsUncommittedView, audit.events(),
            eventRecordsUncommittedView - audit.events(), publisher.sentCount(), publisher.ackedCount(), publisher.failed().size(),
            audit.landedWithoutAck().size(), audit.events(), runningAfterKillMs, firstStartMs, convergedMs, convergedAfterKillMs,
            traffic.succeeded(), traffic.failures().size());

        Map<String, String> reference = ReferenceFold.hashes(bootstrap, topics, plane.sidecars.keySet());
        assertTrue(eventsAtKill.highWatermark() > setup.size(), "killed after some events were out");
        assertTrue(eventsAtKill.lastStable() < commandsInLog, "killed before all events were out");
        assertEquals(publisher.sentCount(), publisher.ackedCount(), "every send acknowledged: " + publisher.failed());
        assertEquals(reference, settled, "each proxy runs what an uninterrupted fold of the same commands gives");
        assertTrue(FinalState.clientRoutesReviews(bootstrap, topics, publisher.sent()), "the client's snapshot has the last split");
        assertEquals(List.of(), new ArrayList<>(traffic.failures()), "client requests that failed");
      } finally {
        engine.kill();
        engine.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * {@code meshlog engine} as its own JVM; returns once it printed that it runs. Like a pod's restart policy, starts
   * it again (up to three times) if it exits first: on this shared machine its 6 s reachability check of the broker
   * sometimes times out while the JVM is still warming up.
   */
  private static ChildJvm startEngine(String bootstrap, String prefix, Path dataDir, String logName) throws Exception {
    for (int attempt = 1; ; attempt++) {
      // kept under target/ (not the temporary directory), to read after a failure
      Path logs = java.nio.file.Files.createDirectories(Path.of("target", "fault-logs"));
      ChildJvm engine = ChildJvm.start(logs.resolve(prefix + attempt + "-" + logName), List.of("-Xmx512m"),
          "engine", "--bootstrap", bootstrap, "--topic-prefix", prefix, "--data-dir", dataDir.toString(), "--instance-id", INSTANCE_ID);
      // generous for a shared machine: with static membership the restart does not wait out the dead member's session
      // (45 s), but each app may restore its stores from the changelogs first
      await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(250))
          .until(() -> engine.output().contains("meshlog engine running") || !engine.process().isAlive());
      if (engine.process().isAlive()) {
        return engine;
      }
      log.warn("meshlog engine exited with {} (attempt {}): {}", engine.process().exitValue(), attempt, engine.output());
      if (attempt == 3) {
        fail("meshlog engine exited with " + engine.process().exitValue() + ":\n" + engine.output());
      }
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(root)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(file);
      }
    }
  }
}
