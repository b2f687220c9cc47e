package dev.meshlog.telemetry.aggregate;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Holds the {@link PartialBuffer} of one input task and gives it the commit hook the Processor API
 * lacks. In-memory and not logged: its content is only ever the fold of input records whose offsets
 * are not committed yet, so after a crash the replay rebuilds it.
 *
 * <p>Why it is exactly-once: Kafka Streams commits a task as {@code prepareCommit} (flush every
 * store's cache, which forwards the cached updates downstream, then flush the producer), then the
 * transaction with the input offsets. This store takes part as a {@link CachedStateStore} (the same
 * internal contract Streams' own caching stores use; checked against Kafka 4.4.0), so
 * {@link #flushCache()} forwards the partials into the open transaction before the offsets of the
 * records they fold are committed. {@link #clearCache()} and {@link #close()} (a dirty close, a
 * corrupted task) drop the buffer: those records are replayed.
 */
final class PartialBufferStore implements StateStore, CachedStateStore<String, Partial> {

  private final String name;
  private final PartialBuffer buffer;
  private Runnable onFlush = () -> {};
  private boolean open;

  PartialBufferStore(String name, long[] windowSizesMs) {
    this.name = name;
    this.buffer = new PartialBuffer(windowSizesMs);
  }

  PartialBuffer buffer() {
    return buffer;
  }

  /** The processor's forwarding of the drained partials; runs at every commit of the task. */
  void onFlush(Runnable forwardAll) {
    this.onFlush = forwardAll;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // Registered so the task flushes (and closes) it; nothing to restore: no changelog.
    context.register(root, (key, value) -> { });
    open = true;
  }

  @Override
  public void flushCache() {
    if (buffer.partials() > 0) {
      onFlush.run();
    }
  }

  @Override
  public void clearCache() {
    buffer.clear();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<String, Partial> listener, boolean sendOldValues) {
    return false; // forwarding goes through onFlush, with the processor's own node
  }

  @Override
  public void close() {
    buffer.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }
}
