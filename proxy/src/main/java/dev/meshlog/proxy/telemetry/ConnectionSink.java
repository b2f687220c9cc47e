package dev.meshlog.proxy.telemetry;

/** Where TCP connections are reported. Called on event loops: must never block or throw. */
@FunctionalInterface
public interface ConnectionSink {

  ConnectionSink NONE = report -> { };

  void record(ConnectionReport report);
}
