package dev.meshlog.cli.faults.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Check (a) of a fault test, on what a read_committed reader sees: every command the broker acknowledged became
 * exactly one event (matched by the event's causation id, the command's id), the chain is gapless (sequence 1..n, each
 * hash linking to the previous one), and every other event is explained: its command's send failed but the command
 * landed in the commands log anyway (the ack was lost, not the record), which is reported, not hidden.
 */
public record EventLogAudit(int commandsInLog, int events, List<String> landedWithoutAck) {

  public static EventLogAudit check(String bootstrap, Topics topics, BurstPublisher publisher) {
    return check(bootstrap, topics, publisher, true);
  }

  /**
   * The same checks for a commands topic of several partitions (keyed by subject): the log keeps the order only within
   * a partition, so the send and event orders are compared per subject; the chain is still one gapless sequence.
   */
  public static EventLogAudit checkPerSubject(String bootstrap, Topics topics, BurstPublisher publisher) {
    return check(bootstrap, topics, publisher, false);
  }

  private static EventLogAudit check(String bootstrap, Topics topics, BurstPublisher publisher, boolean onePartition) {
    List<PolicyCommand> commands = PatientRead.of(() -> {
      List<PolicyCommand> read = new ArrayList<>();
      TopicScan.readAll(bootstrap, topics.policyCommands(), (key, command) -> read.add(command));
      return read;
    });
    List<PolicyEvent> events = PatientRead.of(() -> {
      List<PolicyEvent> read = new ArrayList<>();
      TopicScan.readAll(bootstrap, topics.policyEvents(), (key, event) -> read.add(event));
      return read;
    });
    return judge(commands, events, publisher.sent(), publisher.acked(), publisher.failed().keySet(), onePartition);
  }

  /**
   * The checks on what was read: {@code commands} and {@code events} in log order, {@code sent} in send order, the ids
   * of the {@code acked} sends and of the {@code failed} ones.
   */
  static EventLogAudit judge(List<PolicyCommand> commands, List<PolicyEvent> events, List<PolicyCommand> sent, Set<String> acked,
      Set<String> failed) {
    return judge(commands, events, sent, acked, failed, true);
  }

  /** As above; {@code onePartition} false compares the orders per subject (the key, so within one partition). */
  static EventLogAudit judge(List<PolicyCommand> commands, List<PolicyEvent> events, List<PolicyCommand> sent, Set<String> acked,
      Set<String> failed, boolean onePartition) {
    Map<String, Integer> inLog = count(commands.stream().map(c -> c.getEnvelope().getId()).toList());
    inLog.forEach((id, n) -> assertEquals(1, n, "command " + id + " is in the commands log " + n + " times"));
    for (String id : acked) {
      assertTrue(inLog.containsKey(id), "acknowledged command " + id + " is missing from the commands log");
    }
    List<String> landedWithoutAck = new ArrayList<>(new TreeSet<>(inLog.keySet()));
    landedWithoutAck.removeAll(acked);
    for (String id : landedWithoutAck) {
      assertTrue(failed.contains(id), "command " + id + " is in the log but was never sent by this test");
    }

    Map<String, Integer> eventsPerCommand = count(events.stream().map(e -> e.getEnvelope().getCausationId()).toList());
    for (String id : inLog.keySet()) {
      assertEquals(1, eventsPerCommand.getOrDefault(id, 0), "events for command " + id + " (acked: " + acked.contains(id) + ")");
    }
    assertEquals(inLog.keySet(), eventsPerCommand.keySet(), "every event comes from a command in the log");

    Map<String, String> subjectOf = new HashMap<>();
    commands.forEach(c -> subjectOf.put(c.getEnvelope().getId(), c.getEnvelope().getSubject()));
    Map<String, List<String>> logOrder = ordered(commands.stream().map(c -> c.getEnvelope().getId()).toList(), subjectOf, onePartition);
    assertEquals(logOrder, ordered(events.stream().map(e -> e.getEnvelope().getCausationId()).toList(), subjectOf, onePartition),
        "events are in the commands log's order" + (onePartition ? "" : " (per subject)"));
    List<String> sendOrder = sent.stream().map(c -> c.getEnvelope().getId()).filter(inLog::containsKey).toList();
    assertEquals(ordered(sendOrder, subjectOf, onePartition), logOrder,
        "the commands log keeps the send order (idempotent producer)" + (onePartition ? "" : " (per subject)"));

    PolicyEvent previous = null;
    for (int i = 0; i < events.size(); i++) {
      PolicyEvent event = events.get(i);
      assertEquals(i + 1, event.getSequence(), "chain position of the event at index " + i);
      assertTrue(PolicyChain.links(previous, event), "event " + event.getSequence() + " links to the one before it");
      previous = event;
    }
    return new EventLogAudit(commands.size(), events.size(), landedWithoutAck);
  }

  /** How many committed events a read_committed reader sees now. */
  public static int committedEvents(String bootstrap, Topics topics) {
    int[] n = {0};
    TopicScan.readAll(bootstrap, topics.policyEvents(), (key, event) -> n[0]++);
    return n[0];
  }

  /** How many committed commands a read_committed reader sees now. */
  public static int commandsInLog(String bootstrap, Topics topics) {
    return PatientRead.of(() -> {
      int[] n = {0};
      TopicScan.readAll(bootstrap, topics.policyCommands(), (key, command) -> n[0]++);
      return n[0];
    });
  }

  /** Command ids in the given order: all in one list, or one list per subject. */
  private static Map<String, List<String>> ordered(List<String> ids, Map<String, String> subjectOf, boolean onePartition) {
    Map<String, List<String>> lists = new java.util.TreeMap<>();
    ids.forEach(id -> lists.computeIfAbsent(onePartition ? "" : subjectOf.getOrDefault(id, "?"), k -> new ArrayList<>()).add(id));
    return lists;
  }

  private static Map<String, Integer> count(List<String> ids) {
    Map<String, Integer> counts = new HashMap<>();
    ids.forEach(id -> counts.merge(id, 1, Integer::sum));
    return counts;
  }
}
