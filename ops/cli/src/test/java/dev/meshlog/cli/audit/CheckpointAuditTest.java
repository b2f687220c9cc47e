package dev.meshlog.cli.audit;

import static dev.meshlog.cli.audit.TestCheckpoints.SIGNED_AT;
import static dev.meshlog.cli.audit.TestCheckpoints.bundle;
import static dev.meshlog.cli.audit.TestCheckpoints.newCa;
import static dev.meshlog.cli.audit.TestCheckpoints.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.ca.SigningCa;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each thing {@code audit verify} says about checkpoints, from chains and checkpoints built in memory. */
class CheckpointAuditTest {

  private static final String EVENTS = "mesh.policy.events";
  private static final String CHECKPOINTS = "mesh.policy.checkpoints";

  @TempDir
  Path caDir;
  @TempDir
  Path otherDir;

  private SigningCa ca;
  private SignerTrust trust;
  private List<PolicyEvent> events;

  @BeforeEach
  void mint() {
    ca = newCa(caDir);
    trust = SignerTrust.fromBundles(List.of(bundle(ca.root())));
    events = ChainAuditTest.chain(5);
  }

  @Test
  void shouldReportTheNewestCheckpointAndTheEventsAfterIt() {
    CheckpointReport report = verify(records(events), signed(ca, EVENTS, 1, events.get(1)), signed(ca, EVENTS, 3, events.get(3)));
    assertTrue(report.holds(), report.findings().toString());
    assertEquals(2, report.genuine());
    assertEquals(3L, report.newest().orElseThrow().getOffset());
    assertEquals(1, report.uncovered(), "sequence 5 is after the newest checkpoint");
    assertEquals("checkpoints: 2 signed; newest signed at " + SIGNED_AT + " covers mesh.policy.events-0@3 (sequence 4); "
        + "1 event(s) after it not yet covered", CheckpointSummary.line(EVENTS, report));
  }

  @Test
  void shouldSayEveryEventIsUncoveredWithoutCheckpoints() {
    CheckpointReport report = CheckpointAudit.verify(EVENTS, CHECKPOINTS, records(events), List.of(), trust);
    assertTrue(report.holds());
    assertEquals(Optional.empty(), report.newest());
    assertEquals(5, report.uncovered());
    assertTrue(CheckpointSummary.line(EVENTS, report).startsWith("checkpoints: none signed yet; 5 event(s) not covered"));
  }

  @Test
  void shouldReportATruncatedTail() {
    PolicyCheckpoint checkpoint = signed(ca, EVENTS, 4, events.get(4));
    CheckpointReport report = verify(records(events.subList(0, 3)), checkpoint);
    assertEquals(List.of("truncated: checkpoint signed at " + SIGNED_AT + " covers mesh.policy.events-0@4 (sequence 5) "
        + "but the chain ends at offset 2 (sequence 3)"), lines(report));
  }

  @Test
  void shouldReportATruncationToNothing() {
    CheckpointReport report = verify(List.of(), signed(ca, EVENTS, 4, events.get(4)));
    assertEquals(List.of("truncated: checkpoint signed at " + SIGNED_AT + " covers mesh.policy.events-0@4 (sequence 5) "
        + "but the partition is empty"), lines(report));
  }

  @Test
  void shouldReportATailRewrittenAfterTheCheckpoint() {
    PolicyCheckpoint checkpoint = signed(ca, EVENTS, 4, events.get(4));
    List<PolicyEvent> rewritten = new ArrayList<>(events);
    rewritten.get(4).setDocument("spec: {hosts: [evil]}");
    rewritten.get(4).getEnvelope().setHash("0f0f"); // a rewriter recomputes hashes; no key needed for that
    CheckpointReport report = verify(records(rewritten), checkpoint);
    assertEquals(List.of("checkpoint mismatch at mesh.policy.events-0@4 (sequence 5): hash differs: the checkpoint signed "
        + checkpoint.getHash() + ", the chain holds 0f0f"), lines(report));
  }

  @Test
  void shouldReportACheckpointWithABadSignatureAsForgedAndNotCountIt() {
    PolicyCheckpoint forged = signed(ca, EVENTS, 4, events.get(4));
    forged.setSequence(9);
    CheckpointReport report = verify(records(events), forged);
    assertEquals(List.of("forged checkpoint at mesh.policy.checkpoints-0@0: bad signature"), lines(report));
    assertEquals(0, report.genuine());
    assertEquals(5, report.uncovered(), "a forged checkpoint covers nothing");
  }

  @Test
  void shouldReportACheckpointOfAnUntrustedSignerAsForged() {
    CheckpointReport report = verify(records(events), signed(newCa(otherDir), EVENTS, 4, events.get(4)));
    assertEquals(1, report.findings().size());
    assertTrue(lines(report).get(0).startsWith("forged checkpoint at mesh.policy.checkpoints-0@0: untrusted signer "),
        lines(report).toString());
  }

  @Test
  void shouldReportARecordThatIsNotACheckpointAsForged() {
    CheckpointReport report = CheckpointAudit.verify(EVENTS, CHECKPOINTS, records(events),
        List.of(CheckpointRecord.undecodable(0, 7, "unknown fingerprint")), trust);
    assertEquals(List.of("forged checkpoint at mesh.policy.checkpoints-0@7: not a policy checkpoint: unknown fingerprint"),
        lines(report));
  }

  @Test
  void shouldMatchByPartitionAndSequenceSoACopyWithOtherOffsetsHolds() {
    // EOS writes transaction markers between records, so the engine's offsets are 0, 2, 4...; a copy has 0, 1, 2...
    CheckpointReport report = verify(records(events), signed(ca, "other.mesh.policy.events", 8, events.get(4)));
    assertTrue(report.holds(), report.findings().toString());
    assertEquals(0, report.uncovered());
  }

  private CheckpointReport verify(List<ChainRecord> chain, PolicyCheckpoint... checkpoints) {
    List<CheckpointRecord> records = new ArrayList<>();
    for (int i = 0; i < checkpoints.length; i++) {
      records.add(CheckpointRecord.of(0, i, checkpoints[i]));
    }
    return CheckpointAudit.verify(EVENTS, CHECKPOINTS, chain, records, trust);
  }

  private static List<ChainRecord> records(List<PolicyEvent> events) {
    List<ChainRecord> records = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      records.add(ChainRecord.of(0, i, events.get(i)));
    }
    return records;
  }

  private static List<String> lines(CheckpointReport report) {
    return report.findings().stream().map(CheckpointFinding::line).toList();
  }
}
