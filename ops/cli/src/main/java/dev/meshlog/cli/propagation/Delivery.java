package dev.meshlog.cli.propagation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one affected proxy did with one change.
 *
 * @param version the first snapshot version of the proxy that carried the change; empty when compacted away
 * @param answeredAt when the proxy ACKed (APPLIED) or NACKed (NACKED) a version carrying it
 * @param answeredVersion the version that answer was for
 * @param delayMs event time to the answer's time (ACK when APPLIED, NACK when NACKED), when known
 * @param error the proxy's error, when NACKED
 */
public record Delivery(String proxyId, Outcome outcome, Optional<Long> version, Optional<Instant> answeredAt,
    Optional<Long> answeredVersion, Optional<Long> delayMs, String error) {

  public enum Outcome { APPLIED, NACKED, PENDING, UNKNOWN }

  public Delivery {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(answeredAt, "answeredAt");
    Objects.requireNonNull(answeredVersion, "answeredVersion");
    Objects.requireNonNull(delayMs, "delayMs");
    Objects.requireNonNull(error, "error");
  }

  static Delivery applied(String proxyId, long version, Instant at, long answered, long delayMs) {
    return new Delivery(proxyId, Outcome.APPLIED, Optional.of(version), Optional.of(at), Optional.of(answered),
        Optional.of(Math.max(0, delayMs)), "");
  }

  static Delivery nacked(String proxyId, Optional<Long> version, Optional<Instant> at, long answered, Optional<Long> delayMs,
      String error) {
    return new Delivery(proxyId, Outcome.NACKED, version, at, Optional.of(answered), delayMs.map(d -> Math.max(0, d)), error);
  }

  static Delivery pending(String proxyId, Optional<Long> version) {
    return new Delivery(proxyId, Outcome.PENDING, version, Optional.empty(), Optional.empty(), Optional.empty(), "");
  }

  static Delivery unknown(String proxyId) {
    return new Delivery(proxyId, Outcome.UNKNOWN, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "");
  }
}
