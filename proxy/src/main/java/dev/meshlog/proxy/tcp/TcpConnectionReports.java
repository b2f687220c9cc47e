package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.telemetry.ConnectionReport;
import dev.meshlog.proxy.telemetry.ConnectionSink;
import dev.meshlog.proxy.telemetry.Principals;
import dev.meshlog.proxy.telemetry.RequestOutcome;

/**
 * One client connection's telemetry: OPENED once its upstream is connected, CLOSED with the bytes
 * both ways and the duration when the client connection closes. A connection that never reached an
 * upstream (UH, UF) is reported opened and closed at once, with its flag, so opened and closed
 * counts always pair up. Confined to the connection's event loop (the upstream shares it).
 */
final class TcpConnectionReports {

  private final ConnectionSink sink;
  private final TcpRoute route;
  private final long startNanos = System.nanoTime();
  private Endpoint endpoint;
  private boolean opened;
  private String flags = "-";
  /** Read from the client, relayed to the destination. */
  private long toUpstream;
  /** Read from the destination, relayed to the client. */
  private long fromUpstream;

  TcpConnectionReports(ConnectionSink sink, TcpRoute route) {
    this.sink = sink;
    this.route = route;
  }

  void addToUpstream(long bytes) {
    toUpstream += bytes;
  }

  void addFromUpstream(long bytes) {
    fromUpstream += bytes;
  }

  void flag(String flag) {
    flags = flag;
  }

  void opened(Endpoint to) {
    endpoint = to;
    opened = true;
    sink.record(report(ConnectionReport.Event.OPENED, 0));
  }

  void closed() {
    if (!opened) {
      sink.record(report(ConnectionReport.Event.OPENED, 0));
    }
    sink.record(report(ConnectionReport.Event.CLOSED, (System.nanoTime() - startNanos) / 1_000));
  }

  private ConnectionReport report(ConnectionReport.Event event, long durationMicros) {
    String workload = endpoint == null ? RequestOutcome.UNKNOWN : endpoint.workload();
    String namespace = RequestOutcome.UNKNOWN;
    String app = RequestOutcome.UNKNOWN;
    String version = RequestOutcome.UNKNOWN;
    if (endpoint != null) {
      namespace = Principals.namespaceOf(endpoint.identity().isEmpty() ? RequestOutcome.UNKNOWN : endpoint.identity());
      if (RequestOutcome.UNKNOWN.equals(namespace)) {
        namespace = Cluster.namespaceOf(route.host());
      }
      app = endpoint.labels().getOrDefault("app", RequestOutcome.UNKNOWN);
      version = endpoint.version();
    }
    boolean closed = event == ConnectionReport.Event.CLOSED;
    return new ConnectionReport(System.currentTimeMillis(), event, route.host(), workload, namespace, app, version,
        RequestOutcome.UNKNOWN, route.label(), flags, closed ? toUpstream : 0, closed ? fromUpstream : 0, durationMicros);
  }
}
