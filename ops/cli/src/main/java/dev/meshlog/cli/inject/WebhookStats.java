package dev.meshlog.cli.inject;

import java.util.concurrent.atomic.AtomicLong;

/** The webhook's counters, shown on {@code GET /stats}: reviews, and what became of them. */
public final class WebhookStats {

  private final AtomicLong reviewed = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  void reviewed() {
    reviewed.incrementAndGet();
  }

  void injected() {
    injected.incrementAndGet();
  }

  void skipped() {
    skipped.incrementAndGet();
  }

  void malformed() {
    malformed.incrementAndGet();
  }

  public long reviewedCount() {
    return reviewed.get();
  }

  public long injectedCount() {
    return injected.get();
  }

  public long skippedCount() {
    return skipped.get();
  }

  /** Reviews answered unpatched because they could not be read (allowed anyway, with a warning). */
  public long malformedCount() {
    return malformed.get();
  }

  /** Prometheus text, Envoy-like names. */
  public String text() {
    return "meshlog_webhook_reviews_total " + reviewed.get() + "\n"
        + "meshlog_webhook_injected_total " + injected.get() + "\n"
        + "meshlog_webhook_skipped_total " + skipped.get() + "\n"
        + "meshlog_webhook_malformed_total " + malformed.get() + "\n";
  }
}
