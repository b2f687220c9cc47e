package dev.meshlog.proxy.telemetry;

/** Where finished requests are reported. Called on event loops: must never block or throw. */
@FunctionalInterface
public interface TelemetrySink {

  TelemetrySink NONE = outcome -> { };

  void record(RequestOutcome outcome);
}
