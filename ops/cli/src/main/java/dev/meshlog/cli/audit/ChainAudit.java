package dev.meshlog.cli.audit;

import dev.meshlog.cli.audit.ChainVerdict.Broken;
import dev.meshlog.cli.audit.ChainVerdict.Intact;
import dev.meshlog.cli.audit.ChainVerdict.Tampering;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Walks the policy hash chain (pure: no Kafka here) and returns the first record that does not fit.
 *
 * <p>The sequencer writes one chain but keys events by subject, so the chain is spread over the
 * topic's partitions, each holding its part in sequence order. The walk merges the partitions by
 * sequence (always taking the partition head with the lowest sequence, so a record moved within a
 * partition still shows up out of place) and checks each record, in this order: its own hash
 * against the hash its content recomputes to ({@link ChainRecord.Link}, altered), its sequence against the next expected one (a gap
 * whose sequences appear nowhere is missing; any other misfit is inserted or reordered), and its
 * prevHash against the previous record's hash (inserted or reordered).
 */
public final class ChainAudit {

  private ChainAudit() {}

  /** {@code records}: every record of {@code topic}, in offset order within each partition. */
  public static ChainVerdict verify(String topic, Collection<ChainRecord> records) {
    List<ArrayDeque<ChainRecord>> partitions = List.copyOf(records.stream()
        .sorted(Comparator.comparingInt(ChainRecord::partition).thenComparingLong(ChainRecord::offset))
        .collect(Collectors.groupingBy(ChainRecord::partition, TreeMap::new, Collectors.toCollection(ArrayDeque::new)))
        .values());
    Set<Long> present = new HashSet<>();
    records.forEach(r -> r.link().ifPresent(l -> present.add(l.sequence())));

    long expected = 1;
    ChainRecord.Link previous = null;
    ChainRecord previousRecord = null;
    Optional<ChainRecord> next;
    while ((next = nextInChain(partitions)).isPresent()) {
      ChainRecord record = next.get();
      if (record.link().isEmpty()) {
        return broken(topic, record, Tampering.ALTERED, "not a policy event: " + record.undecodable());
      }
      ChainRecord.Link event = record.link().get();
      if (!event.sealed()) {
        return broken(topic, record, Tampering.ALTERED, "sequence " + event.sequence() + " carries hash "
            + event.hash() + " but its content hashes to " + event.contentHash());
      }
      long sequence = event.sequence();
      if (sequence > expected && !present.contains(expected)) {
        return broken(topic, record, Tampering.MISSING, "sequence " + sequence + " follows " + (expected - 1)
            + ": " + (sequence - expected) + " event(s) missing (sequence " + expected
            + (sequence - expected > 1 ? ".." + (sequence - 1) : "") + ")");
      }
      if (sequence != expected) {
        return broken(topic, record, Tampering.INSERTED_OR_REORDERED, "sequence " + sequence + " where " + expected
            + " was expected" + after(topic, previousRecord));
      }
      String expectedPrev = previous == null ? null : previous.hash();
      if (!Objects.equals(expectedPrev, event.prevHash())) {
        return broken(topic, record, Tampering.INSERTED_OR_REORDERED, "sequence " + sequence + " has prevHash "
            + event.prevHash() + " but the previous event's hash is " + expectedPrev
            + after(topic, previousRecord));
      }
      previous = event;
      previousRecord = record;
      expected++;
    }
    return new Intact(expected - 1, previous == null ? "" : previous.hash());
  }

  /** The partition head with the lowest sequence; undecodable heads first, so they are reported where they are. */
  private static Optional<ChainRecord> nextInChain(List<ArrayDeque<ChainRecord>> partitions) {
    return partitions.stream().filter(p -> !p.isEmpty())
        .min(Comparator.comparingLong(p -> p.peekFirst().link().map(ChainRecord.Link::sequence).orElse(Long.MIN_VALUE)))
        .map(Deque::pollFirst);
  }

  private static String after(String topic, ChainRecord previous) {
    return previous == null ? " (it is the first event)" : " (after " + previous.position(topic) + ")";
  }

  private static Broken broken(String topic, ChainRecord record, Tampering tampering, String detail) {
    return new Broken(topic, record.partition(), record.offset(), tampering, detail);
  }
}
