package dev.meshlog.cli.metrics;

/**
 * Where the telemetry endpoints get their aggregates from: the latest value of every recent
 * window. {@link StoreMetricSource} asks the in-process pipeline's window stores (interactive
 * queries; {@code meshlog up}); {@link TopicMetricSource} tails the metrics topics (any process).
 */
public interface MetricSource {

  /**
   * The latest value of each window still held; a window's values only grow between calls.
   *
   * @throws MetricsUnavailableException when there is no answer yet (the endpoints say 503)
   */
  MetricWindows recent();
}
