package dev.meshlog.cli.faults.controlplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.jobs.ControlPlaneJobs;
import dev.meshlog.cli.jobs.EngineOptions;
import dev.meshlog.cli.jobs.Membership;
import dev.meshlog.cli.jobs.TopicLayout;
import dev.meshlog.cli.read.LatestValues;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances of the engine (same application ids, own state directories and instance ids, one CA) share its groups
 * on one broker, topics with two partitions where the layout allows. A policy applied with both running reaches a
 * sidecar; then the instance that runs the snapshot builder stops, and a policy applied afterwards is still sequenced
 * and folded into the sidecar's snapshot: the other instance took its tasks over.
 */
@ExtendWith(KafkaBroker.class)
class EngineInstancesIT {

  private static final Logger log = LoggerFactory.getLogger(EngineInstancesIT.class);

  @TempDir
  Path dir;

  @Test
  void shouldFoldAPolicyAppliedAfterOneOfTwoEngineInstancesStopped() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("engine-instances") + ".";
    Topics topics = Topics.withPrefix(prefix);
    new TopicLayout(topics, 2).ensure(bootstrap, (short) 1);
    // one mesh, one CA: both instances sign with the same key (on Kubernetes the CA directory must be shared alike)
    CaConfig ca = LocalCa.of(dir, CaConfig.DEFAULT_TRUST_DOMAIN, Map.of());
    PolicyEngine[] engines = new PolicyEngine[2];
    // reviews v1 and v2 behind their sidecars (the policy routes a known service) and the client whose snapshot is checked
    try (DataPlane plane = DataPlane.start(bootstrap, topics);
        BurstPublisher publisher = new BurstPublisher(bootstrap, topics.policyCommands())) {
      for (int i = 0; i < engines.length; i++) {
        engines[i] = ControlPlaneJobs.startEngine(EngineOptions.of(bootstrap, topics, prefix, dir.resolve("state-" + i), (short) 1, ca)
            .withMembership(Membership.of("engine-" + i, 1)));
      }
      for (PolicyEngine engine : engines) {
        engine.awaitRunning(ControlPlaneJobs.START_TIMEOUT);
      }
      Sidecar client = plane.sidecars.get(DataPlane.CLIENT);
      publisher.sendAndFlush(BurstCommands.setup());
      awaitSidecarRuns(bootstrap, topics, client, publisher.sent());

      int folding = await().atMost(Duration.ofSeconds(60)).until(() -> snapshotFolder(engines), i -> i >= 0);
      log.info("two engine instances running; tasks before the stop: engine-0 {} engine-1 {}; stopping engine-{}",
          engines[0].tasks(), engines[1].tasks(), folding);
      engines[folding].close();
      PolicyEngine survivor = engines[1 - folding];
      engines[folding] = null;

      PolicyCommand after = BurstCommands.virtualService("reviews", 17);
      publisher.sendAndFlush(List.of(after));
      int commands = publisher.sent().size();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> EventLogAudit.committedEvents(bootstrap, topics) == commands);
      awaitSidecarRuns(bootstrap, topics, client, publisher.sent());
      log.info("survivor's tasks: {}", survivor.tasks());

      assertEquals(commands, EventLogAudit.committedEvents(bootstrap, topics), "one event per command, none twice");
      assertTrue(survivor.tasks().entrySet().stream().filter(e -> e.getKey().endsWith("-snapshots"))
          .allMatch(e -> !e.getValue().active().isEmpty()), "the survivor folds the snapshots now: " + survivor.tasks());
    } finally {
      for (PolicyEngine engine : engines) {
        if (engine != null) {
          engine.close();
        }
      }
    }
  }

  /** The client's snapshot routes reviews with the newest split sent, and its sidecar applied exactly that snapshot. */
  private static void awaitSidecarRuns(String bootstrap, Topics topics, Sidecar client, List<PolicyCommand> sent) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
      Optional<ProxySnapshot> latest = LatestValues.find(bootstrap, topics.proxySnapshots(), DataPlane.CLIENT);
      return latest.isPresent() && FinalState.clientRoutesReviews(bootstrap, topics, sent)
          && latest.get().getHash().equals(client.appliedHash());
    });
  }

  /** Which instance runs the snapshot builder's one task (its inputs have one partition), or -1 while rebalancing. */
  private static int snapshotFolder(PolicyEngine[] engines) {
    for (int i = 0; i < engines.length; i++) {
      boolean folds = engines[i].tasks().entrySet().stream()
          .anyMatch(e -> e.getKey().endsWith("-snapshots") && !e.getValue().active().isEmpty());
      if (folds) {
        return i;
      }
    }
    return -1;
  }
}
