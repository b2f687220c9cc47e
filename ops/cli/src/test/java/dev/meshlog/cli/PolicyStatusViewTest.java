package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.ProxyNack;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyStatusViewTest {

  private static final String SUBJECT = "VirtualService/default/reviews";
  private static final Instant T = Instant.parse("2026-01-02T00:00:00Z");

  private static PolicyStatus status(PolicyState state, List<String> errors, Long generation) {
    return PolicyStatus.newBuilder().setSubject(SUBJECT).setCommandId("c1").setState(state).setErrors(errors)
        .setSequence(generation == null ? null : 7L).setGeneration(generation).setActor("alice").setTime(T).build();
  }

  static PolicyEvent event(long generation, String actor, Instant time) {
    return PolicyEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("e" + generation).setType("PolicyUpserted").setSubject(SUBJECT).setActor(actor)
            .setTime(time).build())
        .setSequence(generation).setGeneration(generation).setOperation(Operation.UPSERT).setApiVersion("networking.istio.io/v1")
        .setKind("VirtualService").setNamespace("default").setName("reviews").setSpec(null).setDocument(null).build();
  }

  private static PolicyRollout rollout(int affected, int applied, List<String> pending, List<ProxyNack> nacks) {
    return PolicyRollout.newBuilder().setSubject(SUBJECT).setTopic("mesh.policy.events").setPartition(0).setOffset(3)
        .setEventTime(T).setAffected(affected).setApplied(applied).setPending(pending).setNacks(nacks)
        .setApplyP50Ms(120L).setApplyP99Ms(340L).setApplyMaxMs(400L).setTime(T).build();
  }

  @Test
  void shouldJoinTheVerdictWithTheRollout() {
    String text = PolicyStatusView.render(SUBJECT, Optional.of(status(PolicyState.ACCEPTED, List.of(), 3L)),
        Optional.of(event(3, "alice", T)),
        Optional.of(rollout(1000, 998, List.of("proxy-b"), List.of(new ProxyNack("proxy-a", 123L, "bad route")))));
    assertEquals("""
        VirtualService/default/reviews: accepted (generation 3, by alice)
        applied to 998/1000 proxies, p50 120 ms, p99 340 ms; 1 NACKed: proxy-a (v123): bad route; pending: proxy-b
        """, text);
  }

  @Test
  void shouldShowARejectionWithItsErrorsAndWhatStaysInForce() {
    String text = PolicyStatusView.render(SUBJECT, Optional.of(status(PolicyState.REJECTED, List.of("weights sum to 90", "x"), null)),
        Optional.of(event(2, "bob", T)), Optional.empty());
    assertEquals("""
        VirtualService/default/reviews: rejected (by alice): weights sum to 90; x
        in force: generation 2 (by bob)
        """, text);
  }

  @Test
  void shouldCallAnAcceptedCommandWithNothingInForceADeletion() {
    String text = PolicyStatusView.render(SUBJECT, Optional.of(status(PolicyState.ACCEPTED, List.of(), 4L)), Optional.empty(), Optional.empty());
    assertEquals("VirtualService/default/reviews: deleted (generation 4, by alice)\n", text);
  }

  @Test
  void shouldSayWhenTheRolloutIsOfAnEarlierChange() {
    String line = PolicyStatusView.rollout(rollout(2, 2, List.of(), List.of()), Optional.of(event(4, "alice", T.plusSeconds(5))));
    assertEquals("applied to 2/2 proxies, p50 120 ms, p99 340 ms (of an earlier change; the newest is not counted yet)", line);
    assertEquals("affects no proxies", PolicyStatusView.rollout(rollout(0, 0, List.of(), List.of()), Optional.empty()));
  }
}
