package dev.meshlog.proxy.telemetry;

/** Where finished requests are reported. Called on event loops: must never block or throw. */
@FunctionalInterface
public interface TelemetrySink {

  TelemetrySink NONE = outcome -> { };

  void record(RequestOutcome outcome);

  /** Reports to this sink, then to {@code next}. */
  default TelemetrySink andThen(TelemetrySink next) {
    if (next == NONE) {
      return this;
    }
    if (this == NONE) {
      return next;
    }
    return outcome -> {
      record(outcome);
      next.record(outcome);
    };
  }
}
