package dev.meshlog.cli.metrics;

/**
 * Where the telemetry endpoints get their aggregates from: the latest value of every recent
 * window. Today {@link TopicMetricSource} tails the metrics topics; the Streams job's interactive
 * queries can implement the same interface later without touching the rendering.
 */
public interface MetricSource {

  /** The latest value of each window still held; a window's values only grow between calls. */
  MetricWindows recent();
}
