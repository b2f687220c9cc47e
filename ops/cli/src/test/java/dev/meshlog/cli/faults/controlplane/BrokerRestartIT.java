package dev.meshlog.cli.faults.controlplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.faults.ClientTraffic;
import dev.meshlog.cli.jobs.ControlPlaneJobs;
import dev.meshlog.cli.jobs.EngineOptions;
import dev.meshlog.cli.jobs.TopicLayout;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.signer.CaConfig;
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
 * The broker goes away in the middle of a burst of policy changes (a clean stop, as in a rolling restart of a
 * one-node cluster), stays down ten seconds and comes back on the same port and data directory. The engine runs
 * in-process as {@code meshlog up} runs it; nobody restarts it or the sidecars: they must recover on their own.
 */
class BrokerRestartIT {

  private static final Logger log = LoggerFactory.getLogger(BrokerRestartIT.class);
  private static final int BURST = 300;
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @Test
  void shouldLoseNothingAndFailNoRequestWhenTheBrokerRestartsMidBurst() throws Exception {
    try (OwnedBroker broker = OwnedBroker.start(dir.resolve("kafka"))) {
      String bootstrap = broker.bootstrap();
      String prefix = KafkaBroker.uniqueName("broker-restart") + ".";
      Topics topics = Topics.withPrefix(prefix);
      new TopicLayout(topics, 1).ensure(bootstrap, (short) 1);
      CaConfig ca = LocalCa.of(dir, CaConfig.DEFAULT_TRUST_DOMAIN, Map.of());
      try (PolicyEngine engine = ControlPlaneJobs.startEngine(EngineOptions.of(bootstrap, topics, prefix,
              dir.resolve("state").resolve("engine"), (short) 1, ca));
          DataPlane plane = DataPlane.start(bootstrap, topics);
          BurstPublisher publisher = new BurstPublisher(bootstrap, topics.policyCommands())) {
        engine.awaitRunning(ControlPlaneJobs.START_TIMEOUT);
        List<PolicyCommand> setup = BurstCommands.setup();
        publisher.sendAndFlush(setup);
        ClientTraffic traffic = plane.startTraffic();

        publisher.startBurst(BurstCommands.burst(BURST), Duration.ofMillis(20));
        await().atMost(Duration.ofSeconds(60)).until(() -> publisher.ackedCount() >= setup.size() + BURST / 3);
        int ackedBefore = publisher.ackedCount();
        int eventsBefore = PatientRead.of(() -> EventLogAudit.committedEvents(bootstrap, topics));
        long stopping = System.nanoTime();
        broker.stop();
        long okAtStop = traffic.succeeded();
        long stoppedAt = System.nanoTime();
        // The outage itself is the fault under test, not a wait for a condition.
        TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
        long servedDuringOutage = traffic.succeeded() - okAtStop;
        int sentDuringOutage = publisher.sentCount();
        long starting = System.nanoTime();
        broker.restart();
        long restartedAt = System.nanoTime();
        long unavailableMs = (restartedAt - stopping) / 1_000_000;
        String outage = String.format("unavailable %d ms (stop %d ms, down %d ms, start %d ms)", unavailableMs,
            (stoppedAt - stopping) / 1_000_000, (starting - stoppedAt) / 1_000_000, (restartedAt - starting) / 1_000_000);

        await().atMost(Duration.ofSeconds(180)).until(publisher::burstDone);
        int commandsInLog = EventLogAudit.commandsInLog(bootstrap, topics);
        Map<String, String> settled = Convergence.settle(bootstrap, topics, plane, commandsInLog, Duration.ofSeconds(180));
        long convergedMs = (System.nanoTime() - restartedAt) / 1_000_000;

        EventLogAudit audit = EventLogAudit.check(bootstrap, topics, publisher);
        traffic.close();
        log.info("FAULT broker-restart: broker {} (stopped after {} acks, {} committed events; {} commands sent by the "
                + "restart); commands sent {} acked {} failed {} landed-without-ack {}; events {}; converged {} ms after the restart; "
                + "client requests ok {} (during the outage {}) failed {}",
            outage, ackedBefore, eventsBefore, sentDuringOutage, publisher.sentCount(), publisher.ackedCount(),
            publisher.failed().size(), audit.landedWithoutAck().size(), audit.events(), convergedMs, traffic.succeeded(),
            servedDuringOutage, traffic.failures().size());

        Map<String, String> reference = ReferenceFold.hashes(bootstrap, topics, plane.sidecars.keySet());
        assertEquals(publisher.sentCount(), publisher.ackedCount(), "every send acknowledged after the restart: " + publisher.failed());
        assertEquals(reference, settled, "each proxy runs what an uninterrupted fold of the same commands gives");
        assertTrue(FinalState.clientRoutesReviews(bootstrap, topics, publisher.sent()), "the client's snapshot has the last split");
        assertTrue(servedDuringOutage > 0, "the data plane served while the broker was down");
        assertEquals(List.of(), new ArrayList<>(traffic.failures()), "client requests that failed");
      }
    }
  }
}
