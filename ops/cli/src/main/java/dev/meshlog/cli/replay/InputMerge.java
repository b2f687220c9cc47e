package dev.meshlog.cli.replay;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The merge of several partitions' records into one fold order ({@link InputRecord#ORDER} over the partitions'
 * heads; each partition keeps its own offset order, as in Streams), without any Kafka client: the reader offers what it
 * fetched and says when a partition is fully fetched, and {@link #drain} emits every record whose turn is certain,
 * which is only when every partition still open has a buffered head.
 */
final class InputMerge {

  private final Cutoff cutoff;
  private final Map<TopicPartition, Feed> feeds = new LinkedHashMap<>();

  private static final class Feed {
    final ArrayDeque<InputRecord> buffer = new ArrayDeque<>();
    boolean fetchedAll;
    boolean closed;
  }

  InputMerge(Iterable<TopicPartition> partitions, Cutoff cutoff) {
    this.cutoff = cutoff;
    partitions.forEach(tp -> feeds.put(tp, new Feed()));
  }

  void offer(TopicPartition tp, InputRecord record) {
    Feed feed = feeds.get(tp);
    if (!feed.closed) {
      feed.buffer.add(record);
    }
  }

  /** Nothing beyond what was offered will come for {@code tp}. */
  void fetchedAll(TopicPartition tp) {
    feeds.get(tp).fetchedAll = true;
  }

  /** True while the merge wants records of {@code tp}: it is open and its buffer holds fewer than {@code limit}. */
  boolean wants(TopicPartition tp, int limit) {
    Feed feed = feeds.get(tp);
    return !feed.closed && !feed.fetchedAll && feed.buffer.size() < limit;
  }

  boolean closed(TopicPartition tp) {
    return feeds.get(tp).closed;
  }

  /** Emits records in fold order as long as the next one is certain; returns how many. */
  int drain(Consumer<InputRecord> sink) {
    int emitted = 0;
    while (true) {
      Feed next = null;
      for (Feed feed : feeds.values()) {
        if (feed.closed) {
          continue;
        }
        InputRecord first = feed.buffer.peekFirst();
        if (first != null && !cutoff.includes(first.topic(), first.partition(), first.offset(), first.timestamp())) {
          feed.closed = true; // past the point: the rest of this partition is later still, whatever the others hold
          feed.buffer.clear();
          continue;
        }
        if (feed.buffer.isEmpty()) {
          if (feed.fetchedAll) {
            feed.closed = true;
            continue;
          }
          return emitted; // this partition may still bring an earlier record
        }
        if (next == null || InputRecord.ORDER.compare(feed.buffer.peekFirst(), next.buffer.peekFirst()) < 0) {
          next = feed;
        }
      }
      if (next == null) {
        return emitted;
      }
      sink.accept(next.buffer.pollFirst());
      emitted++;
    }
  }

  /** True once every partition is closed: fully fetched and emitted, or past the cutoff. */
  boolean finished() {
    return feeds.values().stream().allMatch(f -> f.closed || (f.fetchedAll && f.buffer.isEmpty()));
  }
}
