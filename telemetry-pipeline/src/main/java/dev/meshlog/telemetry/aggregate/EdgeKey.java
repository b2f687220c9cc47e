package dev.meshlog.telemetry.aggregate;

import dev.meshlog.avro.RequestTelemetry;

/**
 * The readable keys of the aggregation. The edge key is the repartition key; the metric key
 * (edge plus window start) is the key on the compacted metrics topic, so the latest update of each
 * window wins:
 *
 * <pre>{@code <srcWorkload>.<srcNamespace> -> <dstService>|<dstWorkload>|<dstVersion>|<code>@<windowStartMillis>}</pre>
 *
 * e.g. {@code productpage.default -> reviews.default.svc.cluster.local|reviews-v1|v1|200@1700000000000}.
 * Workload, namespace and service names are DNS names, so neither {@code " -> "}, {@code |} nor
 * {@code @} can occur inside a field and the key never collides. Readers should not parse it: the
 * value carries every dimension.
 */
public final class EdgeKey {

  private EdgeKey() {}

  public static String of(RequestTelemetry t) {
    return t.getSourceWorkload() + "." + t.getSourceNamespace() + " -> " + t.getDestinationService()
        + "|" + t.getDestinationWorkload() + "|" + t.getDestinationVersion() + "|" + t.getResponseCode();
  }

  public static String withWindow(String edgeKey, long windowStartMillis) {
    return edgeKey + "@" + windowStartMillis;
  }
}
