package dev.meshlog.ingest.kubernetes.istio;

import java.util.concurrent.atomic.AtomicLong;

/** What the sync has done, readable from any thread (tests, a metrics endpoint). */
public final class IstioSyncCounters {

  private final AtomicLong published = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong publishFailures = new AtomicLong();
  private final AtomicLong reconciles = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  /** Commands published (UPSERT and DELETE). */
  public long published() {
    return published.get();
  }

  /** Objects refused by the validator (each distinct refusal counted once, not again on every resync). */
  public long refused() {
    return refused.get();
  }

  /** Publishes that failed in Kafka and will be retried by a full reconcile. */
  public long publishFailures() {
    return publishFailures.get();
  }

  /** Full reconciliations against the informers' caches (1 after the initial sync). */
  public long reconciles() {
    return reconciles.get();
  }

  /** Published commands the engine rejected (logged from mesh.policy.status when the verdict comes). */
  public long rejected() {
    return rejected.get();
  }

  void addRejected() {
    rejected.incrementAndGet();
  }

  void addPublished(int count) {
    published.addAndGet(count);
  }

  void addRefused() {
    refused.incrementAndGet();
  }

  void addPublishFailure() {
    publishFailures.incrementAndGet();
  }

  void addReconcile() {
    reconciles.incrementAndGet();
  }
}
