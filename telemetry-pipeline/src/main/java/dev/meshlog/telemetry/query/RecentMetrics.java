package dev.meshlog.telemetry.query;

import dev.meshlog.avro.RequestMetric;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The view of a compacted metrics topic read from some offset: the latest value per key (a
 * tombstone removes it), narrowed to windows that ended after a cut-off. Pure, so the reading
 * rules are testable without a broker.
 */
final class RecentMetrics {

  /** Newest window first, then source, destination (service, workload, version) and code. */
  static final Comparator<RequestMetric> ORDER = Comparator
      .comparing(RequestMetric::getWindowStart, Comparator.reverseOrder())
      .thenComparing(RequestMetric::getSourceWorkload)
      .thenComparing(RequestMetric::getSourceNamespace)
      .thenComparing(RequestMetric::getDestinationService)
      .thenComparing(RequestMetric::getDestinationWorkload)
      .thenComparing(RequestMetric::getDestinationVersion)
      .thenComparingInt(RequestMetric::getResponseCode);

  private final Map<String, RequestMetric> latest = new HashMap<>();

  /** Records must be offered in offset order per partition; keys never move between partitions. */
  void offer(String key, RequestMetric value) {
    if (value == null) {
      latest.remove(key);
    } else {
      latest.put(key, value);
    }
  }

  /** Windows whose end is at or after {@code cutoff} (so the still-open window is included). */
  List<RequestMetric> endingAtOrAfter(Instant cutoff) {
    return latest.values().stream()
        .filter(m -> !m.getWindowEnd().isBefore(cutoff))
        .sorted(ORDER)
        .toList();
  }
}
