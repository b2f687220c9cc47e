package dev.meshlog.schemas;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Why one Kafka Streams app of a Meshlog job failed: the first exception a stream thread of it died of. Streams hands
 * that exception to the uncaught-exception handler and only later reports the state ERROR; the job keeps the first so
 * that its exit message names the cause, not just the state. Here, beside {@link GroupInstanceId}, because the engine
 * and the pipeline both report their failures this way.
 */
public final class StreamsFailure {

  private final String applicationId;
  private final AtomicReference<Throwable> first = new AtomicReference<>();

  public StreamsFailure(String applicationId) {
    this.applicationId = applicationId;
  }

  /** Keeps {@code e} unless an earlier thread's exception is already kept. */
  public void record(Throwable e) {
    first.compareAndSet(null, e);
  }

  /** One line: the app, the exception and, when it wraps another, the root cause. */
  public String describe() {
    Throwable e = first.get();
    if (e == null) {
      return "Kafka Streams app " + applicationId + " failed (state ERROR, no exception reported)";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "Kafka Streams app " + applicationId + " failed: " + e + (root == e ? "" : " (caused by " + root + ")");
  }
}
