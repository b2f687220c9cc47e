package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.cli.audit.CheckpointFinding.Forged;
import dev.meshlog.cli.audit.CheckpointFinding.Mismatch;
import dev.meshlog.cli.audit.CheckpointFinding.Truncated;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Map<Integer, PartitionChain> partitions = PartitionChain.index(chain);
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
      covered(eventsTopic, partitions.getOrDefault(checkpoint.getPartition(), PartitionChain.EMPTY), checkpoint).ifPresent(findings::add);
    }
    Optional<PolicyCheckpoint> newest = genuine.stream().max(Comparator.comparingLong(PolicyCheckpoint::getSequence));
    long newestSequence = newest.map(PolicyCheckpoint::getSequence).orElse(0L);
    long uncovered = chain.stream().flatMap(r -> r.link().stream()).filter(l -> l.sequence() > newestSequence).count();
    return new CheckpointReport(findings, genuine.size(), newest, uncovered);
  }

  /** Empty when the chain still holds the record {@code checkpoint} covers. */
  private static Optional<CheckpointFinding> covered(String eventsTopic, PartitionChain records, PolicyCheckpoint checkpoint) {
    String hash = records.hashes().get(checkpoint.getSequence());
    if (hash != null) {
      return checkpoint.getHash().equals(hash) ? Optional.empty()
          : Optional.of(mismatch(eventsTopic, checkpoint, "hash differs: the checkpoint signed " + checkpoint.getHash()
              + ", the chain holds " + hash));
    }
    if (records.lastSequence() > checkpoint.getSequence()) {
      return Optional.of(mismatch(eventsTopic, checkpoint, "the chain has no event with that sequence"));
    }
    String end = records.lastOffset() < 0 ? "the partition is empty"
        : "the chain ends at offset " + records.lastOffset() + " (sequence " + records.lastSequence() + ")";
    return Optional.of(new Truncated(checkpoint.getEnvelope().getTime(), eventsTopic, checkpoint.getPartition(), checkpoint.getOffset(),
        checkpoint.getSequence(), end));
  }

  /** One partition of the chain, indexed once: hash by sequence, and where it ends. */
  private record PartitionChain(Map<Long, String> hashes, long lastSequence, long lastOffset) {

    static final PartitionChain EMPTY = new PartitionChain(Map.of(), 0, -1);

    static Map<Integer, PartitionChain> index(Collection<ChainRecord> chain) {
      Map<Integer, PartitionChain> partitions = new HashMap<>();
      for (ChainRecord record : chain) {
        PartitionChain p = partitions.computeIfAbsent(record.partition(), k -> new PartitionChain(new HashMap<>(), 0, -1));
        long lastSequence = p.lastSequence();
        if (record.link().isPresent()) {
          p.hashes().putIfAbsent(record.link().get().sequence(), record.link().get().hash());
          lastSequence = Math.max(lastSequence, record.link().get().sequence());
        }
        partitions.put(record.partition(), new PartitionChain(p.hashes(), lastSequence, Math.max(p.lastOffset(), record.offset())));
      }
      return partitions;
    }
  }

  private static Mismatch mismatch(String eventsTopic, PolicyCheckpoint checkpoint, String detail) {
    return new Mismatch(eventsTopic, checkpoint.getPartition(), checkpoint.getOffset(), checkpoint.getSequence(), detail);
  }
}
