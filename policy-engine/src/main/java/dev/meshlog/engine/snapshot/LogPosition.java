package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.Comparator;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How far the builder has read: the last offset folded per source topic-partition. Its
 * {@link #version()} grows with every input, and a replay of the same log reaches the same number at
 * the same event. It is not a count of events: topics written in transactions (the policy events,
 * by the exactly-once sequencer) have offsets taken by commit markers.
 */
public record LogPosition(SortedMap<Partition, Long> offsets) {

  public static final LogPosition START = new LogPosition(new TreeMap<>());

  public LogPosition {
    offsets = Collections.unmodifiableSortedMap(new TreeMap<>(offsets));
  }

  public LogPosition advance(String topic, int partition, long offset) {
    SortedMap<Partition, Long> next = new TreeMap<>(offsets);
    next.put(new Partition(topic, partition), offset);
    return new LogPosition(next);
  }

  /** Sum over partitions of (offset + 1). */
  public long version() {
    return offsets.values().stream().mapToLong(offset -> offset + 1).sum();
  }

  /** A source topic-partition, ordered by topic then partition number. */
  public record Partition(String topic, int partition) implements Comparable<Partition> {

    private static final Comparator<Partition> ORDER = Comparator.comparing(Partition::topic).thenComparingInt(Partition::partition);

    public Partition {
      Objects.requireNonNull(topic, "topic");
    }

    /** "topic:partition": a colon cannot occur in a topic name, so this parses back unambiguously. */
    public String key() {
      return topic + ":" + partition;
    }

    public static Partition parse(String key) {
      int colon = key.lastIndexOf(':');
      return new Partition(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1)));
    }

    @Override
    public int compareTo(Partition other) {
      return ORDER.compare(this, other);
    }
  }
}
