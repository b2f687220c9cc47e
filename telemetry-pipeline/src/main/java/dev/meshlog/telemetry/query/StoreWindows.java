package dev.meshlog.telemetry.query;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import java.util.Map;

/**
 * The windows the pipeline's local window stores hold right now, as the records the pipeline writes to
 * its output topics (same fields, same histogram encoding), of every window size, each under the key
 * the output topic uses ({@code <labels>#<windowSizeMs>@<windowStartMs>}).
 */
public record StoreWindows(Map<String, RequestMetric> requests, Map<String, ConnectionMetric> connections) {

  public StoreWindows {
    requests = Map.copyOf(requests);
    connections = Map.copyOf(connections);
  }
}
