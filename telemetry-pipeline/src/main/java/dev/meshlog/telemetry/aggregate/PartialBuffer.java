package dev.meshlog.telemetry.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live {@link Accumulator}s per (label set, window size, window start) of one input task since its
 * last commit: the pre-aggregation before the shuffle. Requests of one label set arrive mostly in
 * event-time order, so each label set keeps one open partial per window size; a request for another
 * window retires the open one (kept until the drain) and opens a new one. Partials of one window may
 * therefore appear more than once in a drain: the downstream merge is exact, so that only costs a
 * record. Not thread-safe: one per task.
 */
final class PartialBuffer {

  /** One drained partial: forward as key {@code labels}, timestamp {@code maxTime}. */
  record Drained(String labels, long maxTime, Partial partial) {}

  private static final class Open {
    final long windowStart;
    long maxTime;
    final Accumulator acc = new Accumulator();

    Open(long windowStart, long time) {
      this.windowStart = windowStart;
      this.maxTime = time;
    }
  }

  private final long[] sizes;
  private final Map<String, Open[]> open = new HashMap<>();
  private final List<Drained> retired = new ArrayList<>();
  private int partials;

  PartialBuffer(long[] windowSizesMs) {
    this.sizes = windowSizesMs.clone();
  }

  /** Folds one request with event time {@code time} into a partial of each window size. */
  void add(String labels, long time, Sample sample) {
    Open[] slots = open.computeIfAbsent(labels, k -> new Open[sizes.length]);
    for (int i = 0; i < sizes.length; i++) {
      long start = time - Math.floorMod(time, sizes[i]);
      Open slot = slots[i];
      if (slot == null || slot.windowStart != start) {
        if (slot != null) {
          retired.add(new Drained(labels, slot.maxTime, new Partial(sizes[i], slot.acc)));
        }
        slot = new Open(start, time);
        slots[i] = slot;
        partials++;
      }
      slot.maxTime = Math.max(slot.maxTime, time);
      slot.acc.add(sample);
    }
  }

  /** Partials held (what a drain would forward). */
  int partials() {
    return partials;
  }

  /**
   * Every partial, oldest event time first, and empties the buffer. Ordered so that downstream stream
   * time advances as it would have record by record: a drain spanning more event time than the grace
   * must not make its own older partials late.
   */
  List<Drained> drain() {
    List<Drained> out = new ArrayList<>(partials);
    out.addAll(retired);
    open.forEach((labels, slots) -> {
      for (int i = 0; i < slots.length; i++) {
        if (slots[i] != null) {
          out.add(new Drained(labels, slots[i].maxTime, new Partial(sizes[i], slots[i].acc)));
        }
      }
    });
    clear();
    out.sort(Comparator.comparingLong(Drained::maxTime));
    return out;
  }

  /** Forgets everything: the task's uncommitted input will be replayed. */
  void clear() {
    open.clear();
    retired.clear();
    partials = 0;
  }
}
