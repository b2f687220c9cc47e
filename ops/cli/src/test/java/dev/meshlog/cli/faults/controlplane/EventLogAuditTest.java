package dev.meshlog.cli.faults.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.sequencer.PolicyChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fault tests' check (a) catches what it must: a lost, a duplicated, a reordered or an unexplained event. */
class EventLogAuditTest {

  private final List<PolicyCommand> sent = BurstCommands.burst(6);
  private final Set<String> all = sent.stream().map(c -> c.getEnvelope().getId()).collect(Collectors.toSet());

  @Test
  void shouldPassAGaplessChainWithOneEventPerAcknowledgedCommand() {
    EventLogAudit audit = EventLogAudit.judge(sent, chain(sent), sent, all, Set.of());
    assertEquals(6, audit.events());
    assertEquals(List.of(), audit.landedWithoutAck());
  }

  @Test
  void shouldReportACommandWhoseAckWasLostButWhichLanded() {
    String lost = sent.get(2).getEnvelope().getId();
    Set<String> acked = all.stream().filter(id -> !id.equals(lost)).collect(Collectors.toSet());
    EventLogAudit audit = EventLogAudit.judge(sent, chain(sent), sent, acked, Set.of(lost));
    assertEquals(List.of(lost), audit.landedWithoutAck());
  }

  @Test
  void shouldFailWhenAnAcknowledgedCommandHasNoEvent() {
    assertThrows(AssertionFailedError.class, () -> EventLogAudit.judge(sent, chain(sent.subList(0, 5)), sent, all, Set.of()));
  }

  @Test
  void shouldFailWhenACommandBecameTwoEvents() {
    List<PolicyCommand> twice = new ArrayList<>(sent);
    twice.add(sent.get(3));
    assertThrows(AssertionFailedError.class, () -> EventLogAudit.judge(sent, chain(twice), sent, all, Set.of()));
  }

  @Test
  void shouldFailWhenTheChainHasAGap() {
    List<PolicyEvent> events = new ArrayList<>(chain(sent));
    PolicyEvent last = events.remove(5);
    events.add(PolicyChain.append(sent.get(5), last.getEnvelope().getSubject(), 7, 1, events.get(4).getEnvelope().getHash()));
    assertThrows(AssertionFailedError.class, () -> EventLogAudit.judge(sent, events, sent, all, Set.of()));
  }

  @Test
  void shouldFailWhenAnEventHasNoAcknowledgedOrFailedSend() {
    Set<String> acked = all.stream().filter(id -> !id.equals(sent.get(1).getEnvelope().getId())).collect(Collectors.toSet());
    assertThrows(AssertionFailedError.class, () -> EventLogAudit.judge(sent, chain(sent), sent, acked, Set.of()));
  }

  @Test
  void shouldFailWhenTheLogLostTheSendOrder() {
    List<PolicyCommand> swapped = new ArrayList<>(sent);
    swapped.set(0, sent.get(1));
    swapped.set(1, sent.get(0));
    assertThrows(AssertionFailedError.class, () -> EventLogAudit.judge(swapped, chain(swapped), sent, all, Set.of()));
  }

  /** Several command partitions: commands of different subjects may interleave in any order, one subject's may not. */
  @Test
  void shouldCompareTheOrderPerSubjectWhenTheCommandsTopicHasSeveralPartitions() {
    List<PolicyCommand> twelve = BurstCommands.burst(12);
    Set<String> ids = twelve.stream().map(c -> c.getEnvelope().getId()).collect(Collectors.toSet());
    List<PolicyCommand> otherSubjectsSwapped = new ArrayList<>(twelve);
    otherSubjectsSwapped.set(0, twelve.get(1));
    otherSubjectsSwapped.set(1, twelve.get(0));
    assertEquals(12, EventLogAudit.judge(otherSubjectsSwapped, chain(otherSubjectsSwapped), twelve, ids, Set.of(), false).events());

    // commands 0 and 6 are both VirtualService reviews
    assertEquals(twelve.get(0).getEnvelope().getSubject(), twelve.get(6).getEnvelope().getSubject());
    List<PolicyCommand> sameSubjectSwapped = new ArrayList<>(twelve);
    sameSubjectSwapped.set(0, twelve.get(6));
    sameSubjectSwapped.set(6, twelve.get(0));
    assertThrows(AssertionFailedError.class,
        () -> EventLogAudit.judge(sameSubjectSwapped, chain(sameSubjectSwapped), twelve, ids, Set.of(), false));
  }

  /** What the sequencer writes for {@code commands}, in order. */
  private static List<PolicyEvent> chain(List<PolicyCommand> commands) {
    List<PolicyEvent> events = new ArrayList<>();
    String prev = null;
    for (PolicyCommand command : commands) {
      PolicyEvent event = PolicyChain.append(command, command.getEnvelope().getSubject(), events.size() + 1, 1, prev);
      prev = event.getEnvelope().getHash();
      events.add(event);
    }
    return events;
  }

}
