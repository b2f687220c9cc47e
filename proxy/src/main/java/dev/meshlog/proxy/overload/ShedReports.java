package dev.meshlog.proxy.overload;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many shed requests per second get a full telemetry and access-log record (flag OM): the
 * first {@code perSecond} of each second; the rest are only counted. Measured (docs/overload.md):
 * a telemetry record (Avro encoding, the Kafka producer) costs about what relaying the request
 * would, so reporting every shed request made shedding no cheaper than serving, and an overloaded
 * sidecar fell further behind. /stats counts every shed request either way.
 */
final class ShedReports {

  private final int perSecond;
  private final AtomicLong second = new AtomicLong(-1);
  private final AtomicInteger reported = new AtomicInteger();
  private final LongAdder unreported = new LongAdder();

  ShedReports(int perSecond) {
    this.perSecond = perSecond;
  }

  /** Whether this shed request gets its own record; false counts it as unreported. */
  boolean tryReport() {
    long now = System.nanoTime() / 1_000_000_000L;
    long current = second.get();
    if (now != current && second.compareAndSet(current, now)) {
      reported.set(0); // a racing report may land in either second: the cap is approximate by design
    }
    if (reported.incrementAndGet() <= perSecond) {
      return true;
    }
    unreported.increment();
    return false;
  }

  long unreportedCount() {
    return unreported.sum();
  }
}
