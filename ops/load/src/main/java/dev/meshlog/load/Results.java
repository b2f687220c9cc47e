package dev.meshlog.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one run saw, recorded only during the measured window. Latency runs from each request's
 * intended send time (its slot in the constant-rate schedule), not from when a free connection
 * finally carried it: a target that falls behind is charged for the wait (coordinated omission).
 */
final class Results {

  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

  final Histogram served = new Histogram(MAX_MICROS, 3);
  /** Served latency from the moment the request was written: the target's own time, without the driver's wait. */
  final Histogram servedFromSend = new Histogram(MAX_MICROS, 3);
  final Histogram shedLatency = new Histogram(MAX_MICROS, 3);
  long offered;
  long ok;
  long shed;
  long errors;
  long timeouts;
  final Map<Integer, Long> otherStatus = new TreeMap<>();

  void response(int status, boolean overloaded, long latencyNanos, long sinceSendNanos) {
    long micros = Math.max(1, Math.min(MAX_MICROS, latencyNanos / 1_000));
    if (status == 200) {
      ok++;
      served.recordValue(micros);
      servedFromSend.recordValue(Math.max(1, Math.min(MAX_MICROS, sinceSendNanos / 1_000)));
    } else if (status == 503 && overloaded) {
      shed++;
      shedLatency.recordValue(micros);
    } else {
      otherStatus.merge(status, 1L, Long::sum);
    }
  }

  long other() {
    return otherStatus.values().stream().mapToLong(Long::longValue).sum();
  }
}
