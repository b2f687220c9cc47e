package dev.meshlog.proxy.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A bounded hand-off from the event loops to one thread of its own: {@link #offer} never blocks
 * (a full queue drops the outcome and counts it), and the thread hands what is queued to the sink
 * in batches. So a slow broker or disk behind the sink never slows or fails a request.
 */
final class OutcomeQueue<T> implements AutoCloseable {

  private static final int DRAIN_BATCH = 512;

  private final BlockingQueue<T> queue;
  private final Consumer<List<T>> sink;
  private final LongAdder dropped = new LongAdder();
  private final Thread thread;
  private volatile boolean running = true;

  /** @param sink called on the queue's thread with each batch, in order; it must not throw */
  OutcomeQueue(String threadName, int capacity, Consumer<List<T>> sink) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Never blocks; false (and counted) when the queue is full. */
  boolean offer(T outcome) {
    if (!queue.offer(outcome)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  /** Outcomes waiting for the thread now. */
  int size() {
    return queue.size();
  }

  long dropped() {
    return dropped.sum();
  }

  private void run() {
    List<T> batch = new ArrayList<>(DRAIN_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        T first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, DRAIN_BATCH - 1);
        sink.accept(batch);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Hands what is queued to the sink, waiting up to {@code timeout} for the thread to end. */
  void close(Duration timeout) {
    running = false;
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
