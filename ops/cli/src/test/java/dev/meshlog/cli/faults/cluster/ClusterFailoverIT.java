package dev.meshlog.cli.faults.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.faults.ClientTraffic;
import dev.meshlog.cli.faults.controlplane.BurstCommands;
import dev.meshlog.cli.faults.controlplane.BurstPublisher;
import dev.meshlog.cli.faults.controlplane.Convergence;
import dev.meshlog.cli.faults.controlplane.DataPlane;
import dev.meshlog.cli.faults.controlplane.EventLogAudit;
import dev.meshlog.cli.faults.controlplane.FinalState;
import dev.meshlog.cli.faults.controlplane.ReferenceFold;
import dev.meshlog.cli.jobs.ControlPlaneJobs;
import dev.meshlog.cli.jobs.EngineOptions;
import dev.meshlog.cli.jobs.Membership;
import dev.meshlog.cli.jobs.PipelineOptions;
import dev.meshlog.cli.jobs.TopicLayout;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.kafka.local.EmbeddedKafkaCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.kafka.local.KafkaCluster;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10's fault test: Meshlog deployed on three brokers (topics with 3 replicas, 2 in sync, 3 partitions except the
 * policy chain's three inputs) with two engine instances and two pipeline instances sharing their Streams groups
 * (static membership, one standby replica), sidecars under steady client traffic and a publisher sending policy
 * commands. One broker (the policy chain's leader) stops, then one engine instance (the one folding the snapshots);
 * a policy change is made while it is down; then both come back. Nothing accepted may be lost or doubled, every proxy
 * must end up where a fault-free fold of the same commands ends, no client request may fail, and the pipelines must
 * count exactly the requests the client made.
 */
@ExtendWith(KafkaCluster.class)
class ClusterFailoverIT {

  private static final Logger log = LoggerFactory.getLogger(ClusterFailoverIT.class);
  private static final int PARTITIONS = 3;
  private static final short REPLICAS = 3;
  private static final Duration PACE = Duration.ofMillis(50);
  // Short bursts: the fold is the slow part on a shared 2-core CI machine; a few dozen commands are enough to have
  // commands in flight when each fault strikes.
  private static final Duration SETTLE = Duration.ofSeconds(180);

  @TempDir
  Path dir;

  @Test
  void shouldLoseNothingAndFailNoRequestWhenABrokerAndAnEngineInstanceStopAndComeBack(EmbeddedKafkaCluster cluster)
      throws Exception {
    long testStart = System.nanoTime();
    Instant since = Instant.now().minus(Duration.ofMinutes(2));
    String bootstrap = cluster.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("cluster-failover") + ".";
    Topics topics = Topics.withPrefix(prefix);
    new TopicLayout(topics, PARTITIONS).ensure(bootstrap, REPLICAS);
    // One CA for both instances: each publishes the trust bundle, and two CAs would publish two different ones.
    CaConfig ca = LocalCa.of(dir, CaConfig.DEFAULT_TRUST_DOMAIN, Map.of());
    Map<String, PolicyEngine> engines = new TreeMap<>();
    List<TelemetryPipeline> pipelines = new ArrayList<>();
    try (DataPlane plane = DataPlane.start(bootstrap, topics);
        BurstPublisher publisher = new BurstPublisher(bootstrap, topics.policyCommands())) {
      for (String id : List.of("engine-a", "engine-b")) {
        engines.put(id, startEngine(bootstrap, topics, prefix, ca, id));
      }
      for (String id : List.of("pipeline-a", "pipeline-b")) {
        pipelines.add(ControlPlaneJobs.startPipeline(PipelineOptions.of(bootstrap, topics, prefix, dir.resolve("state").resolve(id), REPLICAS)
            .withMembership(Membership.of(id, 1))));
      }
      engines.values().forEach(e -> e.awaitRunning(ControlPlaneJobs.START_TIMEOUT));
      pipelines.forEach(p -> p.awaitRunning(ControlPlaneJobs.START_TIMEOUT));
      // Make-before-break, as Istio asks: the subsets' rules accepted before the routes to them are sent. Sent together
      // on three command partitions, a route was once accepted first and the client's sidecar answered 503 UH (no
      // endpoint in a subset no rule defined yet) until the rule followed, 6 s later on a loaded machine.
      publisher.sendAndFlush(BurstCommands.setupRules());
      await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> EventLogAudit.committedEvents(bootstrap, topics) >= BurstCommands.setupRules().size());
      publisher.sendAndFlush(BurstCommands.setupRoutes());
      ClientTraffic traffic = plane.startTraffic();
      long steadyAt = System.nanoTime();

      // Fault 1: the broker leading the policy chain stops in the middle of a burst.
      int burst1 = 24;
      publisher.startBurst(BurstCommands.burst(burst1), PACE);
      await().atMost(Duration.ofSeconds(60)).until(() -> publisher.ackedCount() >= BurstCommands.setup().size() + burst1 / 3);
      int broker = PartitionLeader.of(cluster, topics.policyEvents().name());
      long brokerStopping = System.nanoTime();
      cluster.stop(broker);
      long brokerStoppedAt = System.nanoTime();
      await().atMost(SETTLE).until(publisher::burstDone);
      Convergence.settle(bootstrap, topics, plane, EventLogAudit.commandsInLog(bootstrap, topics), SETTLE);
      long convergedAfterBrokerMs = millisSince(brokerStoppedAt);
      assertNotEquals(broker, PartitionLeader.of(cluster, topics.policyEvents().name()), "the chain's leadership moved");

      // Fault 2: the engine instance folding the snapshots stops (cleanly: it leaves its groups).
      String snapshotsApp = EngineConfig.defaults(bootstrap, topics, dir).withApplicationIdPrefix(prefix + EngineConfig.DEFAULT_APPLICATION_ID_PREFIX)
          .snapshotsApplicationId();
      String stopped = folder(engines, snapshotsApp);
      String survivor = engines.keySet().stream().filter(id -> !id.equals(stopped)).findFirst().orElseThrow();
      Set<String> foldTasks = engines.get(stopped).tasks().get(snapshotsApp).active();
      long engineStopping = System.nanoTime();
      engines.remove(stopped).close();
      long engineStoppedAt = System.nanoTime();
      PolicyCommand change = BurstCommands.virtualService("reviews", 77);
      publisher.sendAndFlush(List.of(change));
      AtomicLong tookOverAt = new AtomicLong();
      await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
        if (tookOverAt.get() == 0 && engines.get(survivor).tasks().get(snapshotsApp).active().containsAll(foldTasks)) {
          tookOverAt.set(System.nanoTime());
        }
        return EveryProxyRuns.split(bootstrap, topics, plane, (VirtualServiceSpec) change.getSpec());
      });
      long changeReachedMs = millisSince(engineStoppedAt);
      long takeoverMs = tookOverAt.get() == 0 ? -1 : (tookOverAt.get() - engineStoppedAt) / 1_000_000;

      // Both come back: the broker (returns once it is in every ISR again), then the engine on its state and id.
      long brokerRestarting = System.nanoTime();
      cluster.restart(broker);
      long brokerBackMs = millisSince(brokerRestarting);
      long engineRestarting = System.nanoTime();
      engines.put(stopped, startEngine(bootstrap, topics, prefix, ca, stopped));
      engines.values().forEach(e -> e.awaitRunning(ControlPlaneJobs.START_TIMEOUT));
      long engineBackMs = millisSince(engineRestarting);
      long restartedAt = System.nanoTime();

      int burst2 = 9;
      publisher.startBurst(BurstCommands.burst(burst2), PACE);
      await().atMost(SETTLE).until(publisher::burstDone);
      int commandsInLog = EventLogAudit.commandsInLog(bootstrap, topics);
      Map<String, String> settled = Convergence.settle(bootstrap, topics, plane, commandsInLog, SETTLE);
      long convergedAfterRestartsMs = millisSince(restartedAt);
      traffic.close();
      // The commands are final: the fault-free fold of them runs while the pipelines' counts settle.
      ExecutorService side = Executors.newSingleThreadExecutor();
      Future<Map<String, String>> referenceRun = side.submit(() -> ReferenceFold.hashes(bootstrap, topics, plane.sidecars.keySet()));
      side.shutdown();

      // Every request answered 200 (failures are asserted on their own below), plus the one probe DataPlane.startTraffic
      // got answered before the traffic began.
      long expectedCounted = traffic.succeeded() + 1;
      // Settled: at least every request is counted and two reads a second apart agree (a double count would stay above).
      AtomicLong lastCount = new AtomicLong(-1);
      long counted = await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
          .until(() -> PipelineRequestCount.of(pipelines, DataPlane.CLIENT, since),
              n -> n >= expectedCounted && n == lastCount.getAndSet(n));

      EventLogAudit audit = EventLogAudit.checkPerSubject(bootstrap, topics, publisher);
      Map<String, String> reference = referenceRun.get(SETTLE.toSeconds(), TimeUnit.SECONDS);
      log.info("FAULT cluster-failover: broker {} (led {}-0) stopped in {} ms, sidecars converged {} ms after; engine {} (snapshot "
              + "tasks {}) closed in {} ms, {} took those tasks over {} ms after, the change made meanwhile reached every proxy {} ms "
              + "after; broker back in every ISR in {} ms, engine {} running again in {} ms, converged {} ms after both; "
              + "commands sent {} acked {} failed {} landed-without-ack {}; events {}; client requests ok {} failed {}; pipeline "
              + "counted {} (expected {}); steady state after {} ms; test {} ms",
          broker, topics.policyEvents().name(), (brokerStoppedAt - brokerStopping) / 1_000_000, convergedAfterBrokerMs, stopped,
          foldTasks, (engineStoppedAt - engineStopping) / 1_000_000, survivor, takeoverMs, changeReachedMs, brokerBackMs, stopped,
          engineBackMs, convergedAfterRestartsMs, publisher.sentCount(), publisher.ackedCount(), publisher.failed().size(),
          audit.landedWithoutAck().size(), audit.events(), traffic.succeeded(), traffic.failures().size(), counted, expectedCounted,
          (steadyAt - testStart) / 1_000_000, millisSince(testStart));

      if (!traffic.failures().isEmpty()) {
        log.warn("client failures: {}", traffic.failures());
        SnapshotTrail.of(bootstrap, topics, DataPlane.CLIENT).forEach(line -> log.warn("client snapshot {}", line));
      }
      List<PolicyEvent> accepted = new ArrayList<>();
      TopicScan.readAll(bootstrap, topics.policyEvents(), (key, event) -> accepted.add(event));
      assertEquals(Optional.empty(), RulesBeforeRoutes.firstRouteBeforeItsRule(accepted), "no route accepted before its subsets' rule");
      assertFalse(foldTasks.isEmpty(), "the stopped instance was folding snapshots");
      assertTrue(takeoverMs >= 0, "the surviving instance took over the snapshot tasks");
      assertEquals(publisher.sentCount(), publisher.ackedCount(), "every send acknowledged: " + publisher.failed());
      assertEquals(reference, settled, "each proxy runs what an uninterrupted fold of the same commands gives");
      assertTrue(FinalState.clientRoutesReviews(bootstrap, topics, publisher.sent()), "the client's snapshot has the last split");
      assertEquals(List.of(), new ArrayList<>(traffic.failures()), "client requests that failed");
      assertEquals(expectedCounted, counted, "requests the pipelines counted vs requests the client sent (and the probe)");
    } finally {
      List<AutoCloseable> jobs = new ArrayList<>(pipelines);
      jobs.addAll(engines.values());
      closeTogether(jobs);
    }
  }

  /** Each job leaves its groups on its own thread: one after the other, four instances took seconds each. */
  private static void closeTogether(List<AutoCloseable> jobs) throws InterruptedException {
    List<Thread> closing = new ArrayList<>();
    for (AutoCloseable job : jobs) {
      Thread thread = new Thread(() -> {
        try {
          job.close();
        } catch (Exception e) {
          log.warn("closing {} failed", job, e);
        }
      }, "close-" + job.getClass().getSimpleName());
      thread.start();
      closing.add(thread);
    }
    for (Thread thread : closing) {
      thread.join(Duration.ofSeconds(60).toMillis());
    }
  }

  private PolicyEngine startEngine(String bootstrap, Topics topics, String prefix, CaConfig ca, String instanceId) {
    return ControlPlaneJobs.startEngine(EngineOptions.of(bootstrap, topics, prefix, dir.resolve("state").resolve(instanceId), REPLICAS, ca)
        .withMembership(Membership.of(instanceId, 1)));
  }

  /** The instance running the snapshot builder's active task(s); with one-partition inputs exactly one does. */
  private static String folder(Map<String, PolicyEngine> engines, String snapshotsApp) {
    return await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(() -> engines.entrySet().stream()
        .filter(e -> !e.getValue().tasks().get(snapshotsApp).active().isEmpty()).map(Map.Entry::getKey).toList(),
        ids -> ids.size() == 1).get(0);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
