package dev.meshlog.cli.metrics;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import java.util.List;

/** The request and TCP aggregates of the windows a {@link MetricSource} holds right now. */
public record MetricWindows(List<RequestMetric> requests, List<ConnectionMetric> connections) {

  public MetricWindows {
    requests = List.copyOf(requests);
    connections = List.copyOf(connections);
  }

  public static MetricWindows empty() {
    return new MetricWindows(List.of(), List.of());
  }
}
