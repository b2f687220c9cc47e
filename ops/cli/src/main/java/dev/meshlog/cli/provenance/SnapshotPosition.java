package dev.meshlog.cli.provenance;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SourceOffset;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How far the snapshot builder had read when it built a snapshot: the last offset folded per source
 * topic-partition (ProxySnapshot {@code sourceOffsets}), keyed {@code topic-partition}.
 */
public record SnapshotPosition(SortedMap<String, Long> offsets) {

  public SnapshotPosition {
    offsets = Collections.unmodifiableSortedMap(new TreeMap<>(offsets));
  }

  public static SnapshotPosition of(ProxySnapshot snapshot) {
    SortedMap<String, Long> offsets = new TreeMap<>();
    for (SourceOffset source : snapshot.getSourceOffsets()) {
      offsets.put(key(source.getTopic(), source.getPartition()), source.getOffset());
    }
    return new SnapshotPosition(offsets);
  }

  /** True when a snapshot at this position had folded {@code event}. */
  public boolean covers(LogEvent event) {
    Long last = offsets.get(key(event.topic(), event.partition()));
    return last != null && event.offset() <= last;
  }

  /** True when the builder had read this topic-partition at least up to {@code offset}. */
  public boolean reached(String topic, int partition, long offset) {
    Long last = offsets.get(key(topic, partition));
    return last != null && offset <= last;
  }

  public Map<String, Long> asMap() {
    return offsets;
  }

  private static String key(String topic, int partition) {
    return topic + "-" + partition;
  }
}
