package dev.meshlog.telemetry.query;

import dev.meshlog.avro.RequestMetric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which reports count, so a request seen by both of its proxies counts once: the one rule of
 * {@code meshlog top}, {@code top --by} and {@code /api/golden}. As in Istio's dashboards, a
 * destination's inbound signals come from its own proxy ({@code reporter="destination"}); a
 * destination without a sidecar has no such reports, so its callers' reports ({@code reporter="source"})
 * count instead, as do requests that never reached a workload (destination workload {@code unknown}).
 *
 * <p>The choice is made per destination workload, service, route and window: a service with some
 * endpoints behind sidecars and some without counts each endpoint from the reporter it has. Destination
 * reports name the calling workload when the caller is a sidecar (peer metadata exchange); a caller
 * without one stays {@code unknown}, its namespace taken from its principal under mTLS.
 */
public final class ReporterRule {

  public static final String SOURCE = "source";
  public static final String DESTINATION = "destination";

  private record Destination(long windowStart, long windowSizeMs, String route, String service, String workload) {}

  private ReporterRule() {}

  /** The reports to count, in their input order: destination reports, and source reports of destinations without any. */
  public static List<RequestMetric> countOnce(List<RequestMetric> metrics) {
    Set<Destination> selfReported = new HashSet<>();
    for (RequestMetric m : metrics) {
      if (DESTINATION.equals(m.getReporter())) {
        selfReported.add(destinationOf(m));
      }
    }
    List<RequestMetric> out = new ArrayList<>(metrics.size());
    for (RequestMetric m : metrics) {
      if (DESTINATION.equals(m.getReporter()) || !selfReported.contains(destinationOf(m))) {
        out.add(m);
      }
    }
    return out;
  }

  private static Destination destinationOf(RequestMetric m) {
    return new Destination(m.getWindowStart().toEpochMilli(), m.getWindowSizeMs(), m.getRouteName(),
        m.getDestinationService(), m.getDestinationWorkload());
  }
}
