package dev.meshlog.telemetry.query;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import java.util.List;

/**
 * The windows the pipeline's local window stores hold right now, as the records the pipeline writes to
 * its output topics (same fields, same histogram encoding), of every window size.
 */
public record StoreWindows(List<RequestMetric> requests, List<ConnectionMetric> connections) {

  public StoreWindows {
    requests = List.copyOf(requests);
    connections = List.copyOf(connections);
  }
}
