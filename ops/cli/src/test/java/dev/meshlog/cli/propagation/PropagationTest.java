package dev.meshlog.cli.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxyNack;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.SourceOffset;
import dev.meshlog.cli.provenance.EventLog;
import dev.meshlog.cli.provenance.LogEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PropagationTest {

  private static final String POLICY = "mesh.policy.events";
  private static final String CLUSTER = "mesh.cluster.events";
  private static final Instant T = Instant.parse("2026-11-26T07:00:00Z");
  private static final LogEvent CHANGE = new LogEvent("DestinationRule/default/reviews", POLICY, 0, 10, T, "bob", "subsets", "CLI",
      "UPSERT", Optional.of(2L));
  private static final SnapshotCause CAUSE = new SnapshotCause(CHANGE.subject(), POLICY, 0, 10L, T);
  private static final EventLog LOG = EventLog.of(List.of(CHANGE,
      new LogEvent("Workload/default/late", CLUSTER, 0, 7, T.plusSeconds(5), "proxy:late", "", "PROXY", "REGISTERED", Optional.empty()),
      new LogEvent("Workload/default/moved", CLUSTER, 0, 8, T.plusSeconds(5), "proxy:moved", "", "PROXY", "UPDATED", Optional.empty())));

  private static ProxySnapshot snapshot(String proxy, long version, long policyOffset, SnapshotCause... causes) {
    return ProxySnapshot.newBuilder().setProxyId(proxy).setVersion(version).setHash("h" + version).setRoutes(List.of())
        .setClusters(List.of()).setSourceOffsets(List.of(new SourceOffset(POLICY, 0, policyOffset))).setCauses(List.of(causes)).build();
  }

  private static ProxyAck ack(String proxy, long version, long afterMs, AckStatus status, String error) {
    return new ProxyAck(proxy, version, "h" + version, status, error, T.plusMillis(afterMs));
  }

  private static SnapshotCause registered(String proxy, long offset) {
    return new SnapshotCause("Workload/default/" + proxy, CLUSTER, 0, offset, T.plusSeconds(5));
  }

  private static final List<ProxyTimeline> TIMELINES = List.of(
      new ProxyTimeline("acked", List.of(snapshot("acked", 5, 9), snapshot("acked", 12, 10, CAUSE)),
          List.of(ack("acked", 5, -500, AckStatus.ACK, null), ack("acked", 12, 120, AckStatus.ACK, null))),
      new ProxyTimeline("nacked", List.of(snapshot("nacked", 12, 10, CAUSE)),
          List.of(ack("nacked", 12, 50, AckStatus.NACK, "unknown cluster outbound|80|v9|reviews"))),
      new ProxyTimeline("fixed", List.of(snapshot("fixed", 12, 10, CAUSE), snapshot("fixed", 14, 12)),
          List.of(ack("fixed", 12, 40, AckStatus.NACK, "bad"), ack("fixed", 14, 900, AckStatus.ACK, null))),
      new ProxyTimeline("waiting", List.of(snapshot("waiting", 12, 10, CAUSE)), List.of()),
      new ProxyTimeline("untouched", List.of(snapshot("untouched", 5, 9)), List.of()),
      new ProxyTimeline("late", List.of(snapshot("late", 20, 15, registered("late", 7))), List.of()),
      new ProxyTimeline("moved", List.of(snapshot("moved", 20, 15, registered("moved", 8))),
          List.of(ack("moved", 20, 2_000, AckStatus.ACK, null))));

  private static Map<String, Delivery> byProxy(PropagationReport report) {
    return report.deliveries().stream().collect(Collectors.toMap(Delivery::proxyId, d -> d));
  }

  @Test
  void shouldFollowEachProxyFromTheFirstVersionCarryingTheChangeToItsAnswer() {
    Map<String, Delivery> deliveries = byProxy(Propagation.of(CHANGE, TIMELINES, LOG, Optional.empty()));
    assertEquals(Delivery.Outcome.APPLIED, deliveries.get("acked").outcome());
    assertEquals(Optional.of(12L), deliveries.get("acked").version());
    assertEquals(Optional.of(120L), deliveries.get("acked").delayMs());
    assertEquals(Delivery.Outcome.NACKED, deliveries.get("nacked").outcome());
    assertEquals("unknown cluster outbound|80|v9|reviews", deliveries.get("nacked").error());
    assertEquals(Optional.of(50L), deliveries.get("nacked").delayMs());
    assertEquals(Optional.of(900L), deliveries.get("fixed").delayMs(), "a NACK then an ACK of a later version: applied at the ACK");
    assertEquals(Delivery.Outcome.PENDING, deliveries.get("waiting").outcome());
    assertTrue(!deliveries.containsKey("untouched"), "its history since before the change never carried it: not affected");
    assertTrue(!deliveries.containsKey("late"), "registered after the change: not affected");
    assertEquals(Delivery.Outcome.UNKNOWN, deliveries.get("moved").outcome(), "history starts after the change: compacted, not guessed");
    assertEquals(Optional.empty(), deliveries.get("moved").version());
  }

  @Test
  void shouldSummariseWithNearestRankPercentilesAndSayWhatIsUnknown() {
    PropagationReport report = Propagation.of(CHANGE, TIMELINES, LOG, Optional.empty());
    assertEquals("applied to 2/5 proxies, p50 120 ms, p99 900 ms; 1 NACKed; 1 pending; "
        + "1 unknown (compacted): their first snapshot after the change is gone", PropagationView.summary(report));
    String text = PropagationView.text(report);
    assertTrue(text.startsWith("change: DestinationRule/default/reviews generation 2 UPSERT by bob at 2026-11-26T07:00:00Z"
        + " (mesh.policy.events-0@10)\nPROXY "), text);
    assertTrue(text.matches("(?s).*\nacked +12 +ACK +2026-11-26T07:00:00.120Z +120 ms +v12\n.*"), text);
    assertTrue(text.matches("(?s).*\nmoved +unknown \\(compacted\\) +unknown +- +- .*"), text);
    assertTrue(text.matches("(?s).*\nnacked +12 +NACK +2026-11-26T07:00:00.050Z +50 ms +v12: unknown cluster outbound\\|80\\|v9\\|reviews\n.*"),
        text);
  }

  @Test
  void shouldTakeACompactedProxyFromTheRolloutOfTheSameChangeOrLeaveItOutWhenTheRolloutIsAccountedFor() {
    PolicyRollout rollout = PolicyRollout.newBuilder().setSubject(CHANGE.subject()).setTopic(POLICY).setPartition(0).setOffset(10)
        .setEventTime(T).setAffected(5).setApplied(2).setPending(List.of("waiting")).setNacks(List.of(new ProxyNack("moved", 20L, "nope")))
        .setTime(T).build();
    Delivery moved = byProxy(Propagation.of(CHANGE, TIMELINES, LOG, Optional.of(rollout))).get("moved");
    assertEquals(Delivery.Outcome.NACKED, moved.outcome());
    assertEquals("nope", moved.error());

    PolicyRollout accounted = PolicyRollout.newBuilder(rollout).setAffected(4).setNacks(List.of()).build();
    assertTrue(!byProxy(Propagation.of(CHANGE, TIMELINES, LOG, Optional.of(accounted))).containsKey("moved"));

    PolicyRollout older = PolicyRollout.newBuilder(rollout).setOffset(3).build();
    assertEquals(Delivery.Outcome.UNKNOWN, byProxy(Propagation.of(CHANGE, TIMELINES, LOG, Optional.of(older))).get("moved").outcome(),
        "a rollout of another change says nothing about this one");
  }
}
