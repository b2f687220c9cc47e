package dev.meshlog.engine.status;

import java.util.Comparator;
import java.util.Objects;

/**
 * One input event that changed a resource, as a snapshot names it (ProxySnapshot {@code causes}):
 * the resource's subject, where the event sits in the log, and its envelope time.
 *
 * @param eventTimeMs when the change happened (the envelope time), the start of its apply latency
 */
record Cause(String subject, String topic, int partition, long offset, long eventTimeMs) {

  /** Log order; a subject's events all come from one topic, so in practice this is offset order. */
  private static final Comparator<Cause> LOG_ORDER = Comparator.comparing(Cause::topic)
      .thenComparingInt(Cause::partition)
      .thenComparingLong(Cause::offset);

  Cause {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(topic, "topic");
  }

  /** True when this event comes after {@code other} in the log: then it is the newer change. */
  boolean after(Cause other) {
    return LOG_ORDER.compare(this, other) > 0;
  }

  /** Same event: same place in the log (the subject and time follow from it). */
  boolean samePlace(Cause other) {
    return LOG_ORDER.compare(this, other) == 0;
  }
}
