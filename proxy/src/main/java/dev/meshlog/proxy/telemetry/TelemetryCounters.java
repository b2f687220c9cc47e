package dev.meshlog.proxy.telemetry;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * One telemetry stream's counts, as {@code /stats} shows them: records waiting for the sender,
 * acknowledged by the broker, dropped (the queue was full, or the producer refused them because its
 * buffer was exhausted or the broker unknown), and failed (sent, then not delivered).
 *
 * @param stream "requests" or "connections"
 */
public final class TelemetryCounters {

  private final String stream;
  private final IntSupplier queued;
  final LongAdder sent = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder failed = new LongAdder();

  TelemetryCounters(String stream, IntSupplier queued) {
    this.stream = stream;
    this.queued = queued;
  }

  /** Counters read from elsewhere: only {@code dropped} is known (for views of a partial sidecar). */
  public static TelemetryCounters droppedOnly(String stream, long dropped) {
    TelemetryCounters counters = new TelemetryCounters(stream, () -> 0);
    counters.dropped.add(dropped);
    return counters;
  }

  public String stream() {
    return stream;
  }

  public int queued() {
    return queued.getAsInt();
  }

  public long sent() {
    return sent.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public long failed() {
    return failed.sum();
  }
}
