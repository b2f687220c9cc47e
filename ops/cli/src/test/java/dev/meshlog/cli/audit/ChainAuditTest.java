package dev.meshlog.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.audit.ChainVerdict.Broken;
import dev.meshlog.cli.audit.ChainVerdict.Intact;
import dev.meshlog.cli.audit.ChainVerdict.Tampering;
import dev.meshlog.engine.sequencer.PolicyChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainAuditTest {

  private static final String TOPIC = "mesh.policy.events";

  /** A chain of {@code n} events written the way the sequencer writes them, all on partition 0 from offset 0. */
  static List<PolicyEvent> chain(int n) {
    List<PolicyEvent> events = new ArrayList<>();
    String prev = null;
    for (int i = 1; i <= n; i++) {
      PolicyCommand command = PolicyCommand.newBuilder()
          .setEnvelope(Envelope.newBuilder().setId("cmd-" + i).setType("PolicyUpsertRequested").setSubject("")
              .setActor("alice").setReason("change " + i).setTime(Instant.ofEpochMilli(1_000L * i)).build())
          .setOperation(Operation.UPSERT).setKind("VirtualService").setNamespace("default").setName("vs-" + i)
          .setDocument("doc " + i).build();
      PolicyEvent event = PolicyChain.append(command, "VirtualService/default/vs-" + i, i, 1, prev);
      events.add(event);
      prev = event.getEnvelope().getHash();
    }
    return events;
  }

  private static List<ChainRecord> onePartition(List<PolicyEvent> events) {
    List<ChainRecord> records = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      records.add(ChainRecord.of(0, i, events.get(i)));
    }
    return records;
  }

  private static Broken brokenAt(List<PolicyEvent> events, Tampering tampering, long offset) {
    Broken broken = assertInstanceOf(Broken.class, ChainAudit.verify(TOPIC, onePartition(events)));
    assertEquals(tampering, broken.tampering(), broken.detail());
    assertEquals(offset, broken.offset(), broken.detail());
    assertEquals(0, broken.partition());
    assertEquals(TOPIC, broken.topic());
    return broken;
  }

  @Test
  void shouldReportAnIntactChainWithItsLengthAndHead() {
    List<PolicyEvent> events = chain(5);
    Intact intact = assertInstanceOf(Intact.class, ChainAudit.verify(TOPIC, onePartition(events)));
    assertEquals(5, intact.events());
    assertEquals(events.get(4).getEnvelope().getHash(), intact.head());
  }

  @Test
  void shouldReportAnEmptyTopicAsAnIntactEmptyChain() {
    assertEquals(new Intact(0, ""), ChainAudit.verify(TOPIC, List.of()));
  }

  @Test
  void shouldNameTheRecordWhoseBodyWasAltered() {
    List<PolicyEvent> events = chain(5);
    events.get(2).setDocument("spec: {hosts: [evil]}");
    brokenAt(events, Tampering.ALTERED, 2);
  }

  @Test
  void shouldNameTheRecordWhoseActorWasRewritten() {
    List<PolicyEvent> events = chain(5);
    events.get(1).getEnvelope().setActor("mallory");
    brokenAt(events, Tampering.ALTERED, 1);
  }

  @Test
  void shouldNameTheRecordWhoseHashWasAltered() {
    List<PolicyEvent> events = chain(5);
    events.get(3).getEnvelope().setHash("00".repeat(32));
    brokenAt(events, Tampering.ALTERED, 3);
  }

  @Test
  void shouldNameTheRecordAfterAnAlteredAndResealedOne() {
    // The forger recomputed the altered event's own hash, so it is self-consistent: the next event
    // no longer links to it.
    List<PolicyEvent> events = chain(5);
    PolicyEvent forged = events.get(2);
    forged.setDocument("forged");
    forged.getEnvelope().setHash(PolicyChain.hashOf(forged));
    brokenAt(events, Tampering.INSERTED_OR_REORDERED, 3);
  }

  @Test
  void shouldNameTheFirstRecordThatNoLongerLinksAfterAnInsertion() {
    // A self-consistent forged event claims sequence 3 after the genuine 2; the genuine 3 then repeats a sequence.
    List<PolicyEvent> events = chain(5);
    PolicyCommand command = PolicyCommand.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("forged").setType("t").setSubject("").setActor("mallory")
            .setTime(Instant.EPOCH).build())
        .setOperation(Operation.DELETE).setKind("VirtualService").setNamespace("default").setName("vs-1").build();
    events.add(2, PolicyChain.append(command, "VirtualService/default/vs-1", 3, 2, events.get(1).getEnvelope().getHash()));
    Broken broken = brokenAt(events, Tampering.INSERTED_OR_REORDERED, 3);
    assertEquals("sequence 3 where 4 was expected (after " + TOPIC + "-0@2)", broken.detail());
  }

  @Test
  void shouldNameAnInsertedRecordThatDoesNotLink() {
    // A copy of a genuine event slipped in later: its hash is its own, but its sequence was already used.
    List<PolicyEvent> events = chain(5);
    events.add(4, PolicyEvent.newBuilder(events.get(1)).build());
    brokenAt(events, Tampering.INSERTED_OR_REORDERED, 4);
  }

  @Test
  void shouldNameTheFirstOfTwoSwappedRecords() {
    List<PolicyEvent> events = chain(5);
    PolicyEvent third = events.get(2);
    events.set(2, events.get(3));
    events.set(3, third);
    Broken broken = brokenAt(events, Tampering.INSERTED_OR_REORDERED, 2);
    assertEquals("sequence 4 where 3 was expected (after " + TOPIC + "-0@1)", broken.detail());
  }

  @Test
  void shouldNameTheRecordAfterADroppedOne() {
    List<PolicyEvent> events = chain(5);
    events.remove(2);
    Broken broken = brokenAt(events, Tampering.MISSING, 2);
    assertEquals("sequence 4 follows 2: 1 event(s) missing (sequence 3)", broken.detail());
  }

  @Test
  void shouldReportMissingFirstEvents() {
    List<PolicyEvent> events = chain(5);
    events.remove(0);
    events.remove(0);
    brokenAt(events, Tampering.MISSING, 0);
  }

  @Test
  void shouldReportAnUndecodableRecordWhereItSits() {
    List<ChainRecord> records = onePartition(chain(3));
    records.add(1, ChainRecord.undecodable(0, 7, "bad magic"));
    Broken broken = assertInstanceOf(Broken.class, ChainAudit.verify(TOPIC, records));
    assertEquals(Tampering.ALTERED, broken.tampering());
    assertEquals(7, broken.offset());
  }

  @Test
  void shouldWalkAChainSpreadOverPartitionsInSequenceOrder() {
    List<PolicyEvent> events = chain(6);
    List<ChainRecord> records = new ArrayList<>();
    long[] offsets = new long[2];
    for (PolicyEvent event : events) {
      int partition = event.getSequence() % 3 == 0 ? 1 : 0;
      records.add(ChainRecord.of(partition, offsets[partition]++, event));
    }
    assertEquals(new Intact(6, events.get(5).getEnvelope().getHash()), ChainAudit.verify(TOPIC, records));

    records.remove(4); // sequence 5, partition 0 offset 3
    Broken broken = assertInstanceOf(Broken.class, ChainAudit.verify(TOPIC, records));
    assertEquals(Tampering.MISSING, broken.tampering());
    assertEquals(1, broken.partition());
    assertEquals(1, broken.offset());
  }
}
