package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshot builder's inputs up to a point in time, read once, forward, and kept so that both the
 * mesh state at that point and its recent past are cheap: the latest change per key (with the change
 * that created the resource, whose chain sequence Istio's "oldest wins" looks at), the builder's
 * running position (its version number), and the last {@code capacity} changes in a ring for
 * {@link VersionWalk} to walk back through. A million events cost one decode each and no assembly.
 */
public final class LogWindow {

  /** One change as the builder folded it: what it changed, where the position stood after it. */
  public record Entry(String key, MeshChange change, Optional<MeshChange> creation, long version, long previous) {}

  private final int capacity;
  private final Entry[] ring;
  private final Map<LogPosition.Partition, Long> offsets = new HashMap<>();
  private final Map<String, Long> lastIndex = new HashMap<>();
  private final Map<String, MeshChange> latest = new LinkedHashMap<>();
  private final Map<String, MeshChange> creation = new HashMap<>();
  private long version;
  private long count;

  public LogWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.ring = new Entry[capacity];
  }

  /** The next input record, in the builder's order; {@code change} is empty for a record that folds to nothing. */
  public void accept(String topic, int partition, long offset, Optional<MeshChange> change) {
    Long last = offsets.put(new LogPosition.Partition(topic, partition), offset);
    version += offset - (last == null ? -1 : last); // = sum over partitions of (offset + 1), as LogPosition.version()
    if (change.isEmpty()) {
      return;
    }
    MeshChange c = change.get();
    String key = c.key();
    MeshChange before = latest.put(key, c);
    Optional<MeshChange> created;
    if (c instanceof MeshChange.Put) {
      if (before == null || before instanceof MeshChange.Remove) {
        creation.put(key, c);
      }
      created = Optional.of(creation.get(key));
    } else {
      creation.remove(key);
      created = Optional.empty();
    }
    ring[(int) (count % capacity)] = new Entry(key, c, created, version, lastIndex.getOrDefault(key, -1L));
    lastIndex.put(key, count);
    count++;
  }

  /** The builder's version after the last record accepted. */
  public long version() {
    return version;
  }

  /** Changes accepted so far. */
  public long count() {
    return count;
  }

  /** The oldest change still held: walking back further needs a full fold. */
  public long first() {
    return Math.max(0, count - capacity);
  }

  /** Change {@code index} (from 0), which must be in [{@link #first()}, {@link #count()}). */
  public Entry entry(long index) {
    if (index < first() || index >= count) {
      throw new IndexOutOfBoundsException("change " + index + " is not held (held: " + first() + ".." + (count - 1) + ")");
    }
    return ring[(int) (index % capacity)];
  }

  /** The mesh after every change accepted: each key's creation then its latest change, nothing in between. */
  public MeshState state(String trustDomain) {
    MeshState state = MeshState.empty(trustDomain);
    for (Map.Entry<String, MeshChange> e : latest.entrySet()) {
      if (e.getValue() instanceof MeshChange.Put put) {
        MeshChange created = creation.get(e.getKey());
        if (created != put) {
          state = state.apply(created);
        }
        state = state.apply(put);
      }
    }
    return state;
  }
}
