package dev.meshlog.cli.replay;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a replay stops reading, per input partition: at a last offset for the partitions that have one (the policy
 * events of an {@code @N} point), else at the last record whose timestamp is at or before {@code time}. A partition
 * stops at its first record past the cutoff, as the engine would only have read it later.
 */
public record Cutoff(Instant time, Map<TopicPartition, Long> lastOffsets) {

  /** Everything there is: the end of every partition. */
  public static final Cutoff END = new Cutoff(Instant.MAX, Map.of());

  public Cutoff {
    lastOffsets = Map.copyOf(lastOffsets);
  }

  public static Cutoff at(Instant time) {
    return new Cutoff(time, Map.of());
  }

  public boolean includes(String topic, int partition, long offset, long timestamp) {
    if (!lastOffsets.isEmpty()) { // the usual time-only cutoff allocates nothing per record
      Long last = lastOffsets.get(new TopicPartition(topic, partition));
      if (last != null) {
        return offset <= last;
      }
    }
    return time.equals(Instant.MAX) || timestamp <= time.toEpochMilli();
  }
}
