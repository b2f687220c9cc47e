package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.audit.CheckpointFinding.Forged;
import dev.meshlog.cli.audit.CheckpointFinding.Mismatch;
import dev.meshlog.cli.audit.CheckpointFinding.Truncated;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks each signed checkpoint against the chain (pure: no Kafka here). A checkpoint must be signed
 * by the mesh CA ({@link SignerTrust}), and the chain must still hold the record it covers: the
 * event with its sequence on its partition, with the hash it signed. The chain's own links are
 * {@link ChainAudit}'s job; this catches what links cannot show, a tail cut off or rewritten.
 *
 * <p>Records are matched by partition and sequence, and the offset is reported: a copy or mirror
 * of the topics (MirrorMaker, a restore) renames topics and shifts offsets, and the chain under
 * audit is still the same chain.
 */
public final class CheckpointAudit {

  private CheckpointAudit() {}

  public static CheckpointReport verify(String eventsTopic, String checkpointsTopic, Collection<ChainRecord> chain,
      Collection<CheckpointRecord> checkpoints, SignerTrust trust) {
    List<CheckpointFinding> findings = new ArrayList<>();
    List<PolicyCheckpoint> genuine = new ArrayList<>();
    List<CheckpointRecord> ordered = checkpoints.stream()
        .sorted(Comparator.comparingInt(CheckpointRecord::partition).thenComparingLong(CheckpointRecord::offset)).toList();
    for (CheckpointRecord record : ordered) {
      if (record.checkpoint().isEmpty()) {
        findings.add(new Forged(checkpointsTopic, record.partition(), record.offset(), "not a policy checkpoint: " + record.undecodable()));
        continue;
      }
      PolicyCheckpoint checkpoint = record.checkpoint().get();
      Optional<String> problem = trust.problem(checkpoint);
      if (problem.isPresent()) {
        findings.add(new Forged(checkpointsTopic, record.partition(), record.offset(), problem.get()));
        continue;
      }
      genuine.add(checkpoint);
      covered(eventsTopic, chain, checkpoint).ifPresent(findings::add);
    }
    Optional<PolicyCheckpoint> newest = genuine.stream().max(Comparator.comparingLong(PolicyCheckpoint::getSequence));
    long newestSequence = newest.map(PolicyCheckpoint::getSequence).orElse(0L);
    long uncovered = chain.stream().flatMap(r -> r.event().stream()).filter(e -> e.getSequence() > newestSequence).count();
    return new CheckpointReport(findings, genuine.size(), newest, uncovered);
  }

  /** Empty when the chain still holds the record {@code checkpoint} covers. */
  private static Optional<CheckpointFinding> covered(String eventsTopic, Collection<ChainRecord> chain, PolicyCheckpoint checkpoint) {
    int partition = checkpoint.getPartition();
    List<ChainRecord> records = chain.stream().filter(r -> r.partition() == partition)
        .sorted(Comparator.comparingLong(ChainRecord::offset)).toList();
    Optional<PolicyEvent> covered = records.stream().flatMap(r -> r.event().stream())
        .filter(e -> e.getSequence() == checkpoint.getSequence()).findFirst();
    if (covered.isPresent()) {
      String hash = covered.get().getEnvelope().getHash();
      return checkpoint.getHash().equals(hash) ? Optional.empty()
          : Optional.of(mismatch(eventsTopic, checkpoint, "hash differs: the checkpoint signed " + checkpoint.getHash()
              + ", the chain holds " + hash));
    }
    long lastSequence = records.stream().flatMap(r -> r.event().stream()).mapToLong(PolicyEvent::getSequence).max().orElse(0);
    if (lastSequence > checkpoint.getSequence()) {
      return Optional.of(mismatch(eventsTopic, checkpoint, "the chain has no event with that sequence"));
    }
    String end = records.isEmpty() ? "the partition is empty"
        : "the chain ends at offset " + records.get(records.size() - 1).offset() + " (sequence " + lastSequence + ")";
    return Optional.of(new Truncated(checkpoint.getEnvelope().getTime(), eventsTopic, partition, checkpoint.getOffset(),
        checkpoint.getSequence(), end));
  }

  private static Mismatch mismatch(String eventsTopic, PolicyCheckpoint checkpoint, String detail) {
    return new Mismatch(eventsTopic, checkpoint.getPartition(), checkpoint.getOffset(), checkpoint.getSequence(), detail);
  }
}
