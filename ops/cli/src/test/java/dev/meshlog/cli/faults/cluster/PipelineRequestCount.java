package dev.meshlog.cli.faults.cluster;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.time.Instant;
import java.util.List;

/**
 * What the pipeline's /metrics would count for the client's requests, read the way the endpoint reads it: each
 * instance's window stores by interactive query. Each instance holds the windows of its own active partitions, so
 * the mesh-wide count is the sum over the instances; a partition counted by two (or none) would show as a wrong sum.
 * Counts the per-edge (not per-route) one-minute windows the client's sidecar reported as the source, answered 200.
 */
final class PipelineRequestCount {

  static final long WINDOW_MS = 60_000;

  private PipelineRequestCount() {}

  static long of(List<TelemetryPipeline> instances, String sourceWorkload, Instant since) {
    long total = 0;
    for (TelemetryPipeline pipeline : instances) {
      for (RequestMetric m : pipeline.recentWindows(since).requests().values()) {
        if (counts(m, sourceWorkload)) {
          total += m.getRequestCount();
        }
      }
    }
    return total;
  }

  private static boolean counts(RequestMetric m, String sourceWorkload) {
    return m.getWindowSizeMs() == WINDOW_MS && m.getRouteName().isEmpty() && m.getResponseCode() == 200
        && "source".equalsIgnoreCase(m.getReporter()) && sourceWorkload.equals(m.getSourceWorkload());
  }
}
