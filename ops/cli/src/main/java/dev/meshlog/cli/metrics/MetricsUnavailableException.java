package dev.meshlog.cli.metrics;

/** A {@link MetricSource} has no answer yet (its stores are restoring or migrating): the endpoints answer 503. */
public final class MetricsUnavailableException extends RuntimeException {

  public MetricsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
