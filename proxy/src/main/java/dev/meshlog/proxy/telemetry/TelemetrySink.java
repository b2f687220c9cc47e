package dev.meshlog.proxy.telemetry;

/** Where finished requests are reported. Called on event loops: must never block or throw. */
@FunctionalInterface
public interface TelemetrySink {

  TelemetrySink NONE = outcome -> { };

  void record(RequestOutcome outcome);

  /**
   * Whether this sink reads {@link RequestOutcome#request()}: only then do listeners read the
   * request line and headers for it, which telemetry alone does not need.
   */
  default boolean wantsRequestLine() {
    return false;
  }

  /** Reports to this sink, then to {@code next}. */
  default TelemetrySink andThen(TelemetrySink next) {
    if (next == NONE) {
      return this;
    }
    if (this == NONE) {
      return next;
    }
    TelemetrySink first = this;
    return new TelemetrySink() {
      @Override
      public void record(RequestOutcome outcome) {
        first.record(outcome);
        next.record(outcome);
      }

      @Override
      public boolean wantsRequestLine() {
        return first.wantsRequestLine() || next.wantsRequestLine();
      }
    };
  }
}
