package dev.meshlog.load;

import java.util.Arrays;

/** A FIFO of primitive longs (slot times): a backlog of a million waiting requests costs 8 MB, not 24. */
final class LongQueue {

  private long[] items = new long[1024];
  private int head;
  private int size;

  void add(long value) {
    grow();
    items[(head + size) & (items.length - 1)] = value;
    size++;
  }

  void addFirst(long value) {
    grow();
    head = (head - 1) & (items.length - 1);
    items[head] = value;
    size++;
  }

  long poll() {
    long value = items[head];
    head = (head + 1) & (items.length - 1);
    size--;
    return value;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  private void grow() {
    if (size < items.length) {
      return;
    }
    long[] bigger = new long[items.length * 2];
    for (int i = 0; i < size; i++) {
      bigger[i] = items[(head + i) & (items.length - 1)];
    }
    items = bigger;
    head = 0;
  }
}
