package dev.meshlog.engine.status;

import static dev.meshlog.engine.status.StatusHarness.cause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyNack;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusTopologyTest {

  private static final String VS = "VirtualService/default/reviews";
  private static final String DR = "DestinationRule/default/reviews";

  @TempDir
  Path stateDir;

  private StatusHarness mesh;

  @BeforeEach
  void start() {
    mesh = new StatusHarness(stateDir);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void shouldGoFromNotSentToStaleToSynced() {
    mesh.register("p1");
    ProxyStatus known = mesh.status("p1");
    assertEquals(ProxySyncState.NOT_SENT, known.getState());
    assertNull(known.getSentVersion());

    mesh.send("p1", 5, 100);
    ProxyStatus sent = mesh.status("p1");
    assertEquals(ProxySyncState.STALE, sent.getState());
    assertEquals(5L, sent.getSentVersion());
    assertEquals("h5", sent.getSentHash());
    assertEquals(StatusHarness.T0.plusMillis(100), sent.getSentTime());
    assertNull(sent.getAckedVersion());

    mesh.ack("p1", 5, 250);
    ProxyStatus synced = mesh.status("p1");
    assertEquals(ProxySyncState.SYNCED, synced.getState());
    assertEquals(5L, synced.getAckedVersion());
    assertEquals("h5", synced.getAckedHash());
    assertEquals(StatusHarness.T0.plusMillis(250), synced.getAckedTime());
  }

  @Test
  void shouldStayStaleWhenAnOlderVersionIsAckedAfterANewerSend() {
    mesh.send("p1", 5, 0);
    mesh.send("p1", 7, 10);
    mesh.ack("p1", 5, 20);

    ProxyStatus status = mesh.status("p1");
    assertEquals(ProxySyncState.STALE, status.getState());
    assertEquals(7L, status.getSentVersion());
    assertEquals(5L, status.getAckedVersion());

    mesh.ack("p1", 7, 30);
    assertEquals(ProxySyncState.SYNCED, mesh.status("p1").getState());
    mesh.ack("p1", 5, 40); // a late duplicate of the older ACK
    assertEquals(7L, mesh.status("p1").getAckedVersion(), "ackedVersion never moves back");
  }

  @Test
  void shouldReportNackedWhileTheProxyKeepsItsLastGoodVersion() {
    mesh.send("p1", 5, 0);
    mesh.ack("p1", 5, 10);
    mesh.send("p1", 7, 20);
    mesh.nack("p1", 7, 30, "route reviews: unknown cluster outbound|80|v3|reviews");

    ProxyStatus status = mesh.status("p1");
    assertEquals(ProxySyncState.NACKED, status.getState());
    assertEquals(5L, status.getAckedVersion(), "the proxy still runs what it last ACKed");
    assertEquals(7L, status.getNackedVersion());
    assertEquals("route reviews: unknown cluster outbound|80|v3|reviews", status.getNackError());

    mesh.send("p1", 9, 40);
    assertEquals(ProxySyncState.STALE, mesh.status("p1").getState(), "a newer version is out, not yet answered");
  }

  @Test
  void shouldIgnoreASnapshotOlderThanTheNewestSent() {
    mesh.send("p1", 7, 0);
    mesh.send("p1", 5, 10);
    assertEquals(7L, mesh.status("p1").getSentVersion());
  }

  @Test
  void shouldCountAppliedProxiesWithApplyLatency() {
    var change = cause(VS, 4, 0);
    mesh.send("p1", 10, 50, change);
    mesh.send("p2", 10, 50, change);
    mesh.send("p3", 10, 50, change);
    PolicyRollout started = mesh.rollout(VS);
    assertEquals(3, started.getAffected());
    assertEquals(0, started.getApplied());
    assertEquals(List.of("p1", "p2", "p3"), started.getPending());
    assertNull(started.getApplyP50Ms());

    mesh.ack("p1", 10, 300);
    mesh.ack("p2", 10, 100);

    PolicyRollout rollout = mesh.rollout(VS);
    assertEquals(VS, rollout.getSubject());
    assertEquals(StatusHarness.TOPICS.policyEvents().name(), rollout.getTopic());
    assertEquals(4L, rollout.getOffset());
    assertEquals(StatusHarness.T0, rollout.getEventTime());
    assertEquals(3, rollout.getAffected());
    assertEquals(2, rollout.getApplied());
    assertEquals(List.of("p3"), rollout.getPending());
    assertEquals(List.of(), rollout.getNacks());
    assertEquals(100L, rollout.getApplyP50Ms());
    assertEquals(300L, rollout.getApplyP99Ms());
    assertEquals(300L, rollout.getApplyMaxMs());
    assertEquals(StatusHarness.T0.plusMillis(100), rollout.getTime(), "the time of the input that moved it, not the clock");
    assertEquals("applied 2 of 3, pending p3", RolloutSummary.of(rollout));
  }

  @Test
  void shouldApplyACauseWhenALaterVersionIsAcked() {
    mesh.send("p1", 10, 0, cause(VS, 4, 0));
    mesh.send("p1", 12, 10, cause(DR, 6, 5));
    mesh.ack("p1", 12, 40);

    assertEquals(1, mesh.rollout(VS).getApplied());
    assertEquals(40L, mesh.rollout(VS).getApplyMaxMs());
    assertEquals(1, mesh.rollout(DR).getApplied());
    assertEquals(35L, mesh.rollout(DR).getApplyMaxMs());
  }

  @Test
  void shouldListTheNackWithItsErrorOnlyOnTheCausingSubject() {
    mesh.send("p1", 3, 0, cause(DR, 1, 0));
    mesh.send("p2", 3, 0, cause(DR, 1, 0));
    mesh.ack("p1", 3, 10);
    mesh.ack("p2", 3, 10);
    mesh.send("p1", 8, 20, cause(VS, 6, 15));
    mesh.send("p2", 8, 20, cause(VS, 6, 15));
    mesh.newRollouts();

    mesh.ack("p1", 8, 60);
    mesh.nack("p2", 8, 70, "weights of reviews sum to 110");

    PolicyRollout vs = mesh.rollout(VS);
    assertEquals(2, vs.getAffected());
    assertEquals(1, vs.getApplied());
    assertEquals(List.of(), vs.getPending(), "a NACK is an answer: not pending");
    assertEquals(List.of(new ProxyNack("p2", 8L, "weights of reviews sum to 110")), vs.getNacks());
    assertEquals(45L, vs.getApplyMaxMs());
    PolicyRollout dr = mesh.rollout(DR);
    assertEquals(2, dr.getApplied(), "the earlier change was applied by both");
    assertEquals(List.of(), dr.getNacks());

    mesh.send("p2", 9, 80); // a later version (the parked one is not re-sent) ...
    mesh.ack("p2", 9, 95); // ... which the proxy applies, with the change in it
    PolicyRollout fixed = mesh.rollout(VS);
    assertEquals(2, fixed.getApplied());
    assertEquals(List.of(), fixed.getNacks());
  }

  @Test
  void shouldStartAFreshRolloutOnANewerChangeOfTheSameSubject() {
    mesh.send("p1", 10, 0, cause(VS, 4, 0));
    mesh.send("p2", 10, 0, cause(VS, 4, 0));
    mesh.ack("p1", 10, 20);
    assertEquals(1, mesh.rollout(VS).getApplied());

    mesh.send("p1", 20, 100, cause(VS, 9, 90));
    PolicyRollout fresh = mesh.rollout(VS);
    assertEquals(9L, fresh.getOffset());
    assertEquals(Instant.from(StatusHarness.T0.plusMillis(90)), fresh.getEventTime());
    assertEquals(1, fresh.getAffected());
    assertEquals(0, fresh.getApplied());
    assertEquals(List.of("p1"), fresh.getPending());
    mesh.newRollouts();

    mesh.ack("p2", 10, 110); // answers only the superseded change
    assertTrue(mesh.newRollouts().isEmpty(), "the old rollout is gone; nothing to report");
    mesh.send("p2", 11, 120, cause(VS, 4, 0)); // a late snapshot naming the old change
    assertEquals(9L, mesh.rollout(VS).getOffset(), "an older change never replaces a newer one");
    assertEquals(1, mesh.rollout(VS).getAffected());
  }

  @Test
  void shouldCountAnAnswerSeenBeforeItsSnapshot() {
    mesh.ack("p1", 10, 40); // the ACK topic overtook the snapshot topic
    mesh.send("p1", 10, 20, cause(VS, 4, 0));

    assertEquals(ProxySyncState.SYNCED, mesh.status("p1").getState());
    assertEquals(1, mesh.rollout(VS).getApplied());
    assertEquals(40L, mesh.rollout(VS).getApplyMaxMs());
  }

  @Test
  void shouldTombstoneARemovedProxyAndDropItFromItsPendingRollouts() {
    mesh.register("p1");
    mesh.register("p2");
    mesh.send("p1", 10, 0, cause(VS, 4, 0));
    mesh.send("p2", 10, 0, cause(VS, 4, 0));
    assertEquals(2, mesh.rollout(VS).getAffected());

    mesh.withdraw("p2");
    assertTrue(mesh.statusTombstoned("p2"));
    PolicyRollout rollout = mesh.rollout(VS);
    assertEquals(1, rollout.getAffected());
    assertEquals(List.of("p1"), rollout.getPending());

    mesh.deregister("p1");
    assertTrue(mesh.statusTombstoned("p1"), "REMOVED drops the proxy too");
    assertEquals(0, mesh.rollout(VS).getAffected());
  }

  @Test
  void shouldNotReopenAnAppliedChangeWhenARegisteredAgainProxyIsSentItAgain() {
    mesh.send("p1", 10, 0, cause(VS, 4, 0));
    mesh.ack("p1", 10, 20);
    mesh.withdraw("p1");
    mesh.register("p1");
    mesh.send("p1", 30, 50, cause(VS, 4, 0));
    mesh.ack("p1", 30, 90);

    PolicyRollout rollout = mesh.rollout(VS);
    assertEquals(1, rollout.getApplied());
    assertEquals(List.of(), rollout.getPending());
    assertEquals(20L, rollout.getApplyMaxMs(), "the first apply counts");
  }

  @Test
  void shouldNameItsStoresAndRepartitionTopicsForRollingUpgrades() {
    String described = mesh.describe();
    for (String name : List.of(StatusTopology.PROXIES_STORE, StatusTopology.ROLLOUTS_STORE,
        StatusTopology.SNAPSHOTS_BY_PROXY + "-repartition", StatusTopology.ACKS_BY_PROXY + "-repartition",
        StatusTopology.REGISTRATIONS_BY_PROXY + "-repartition")) {
      assertTrue(described.contains(name), name + " in\n" + described);
    }
    assertEquals("status-proxies", StatusTopology.PROXIES_STORE);
    assertEquals("status-rollouts", StatusTopology.ROLLOUTS_STORE);
  }
}
