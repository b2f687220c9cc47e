package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.retry.RetryBudgets;
import dev.meshlog.proxy.snapshot.LiveConfig;
import dev.meshlog.proxy.snapshot.SnapshotHistory;
import dev.meshlog.proxy.tcp.TcpStats;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What the admin pages read from a running sidecar. Every source is an atomic or a volatile, so a
 * page is rendered on the admin's own thread without locking or touching a data-plane event loop.
 *
 * @param proxyId the sidecar's id, shown on the JSON pages
 * @param live the applied config (version, hash, route table with its balancers' endpoints)
 * @param history the last applied snapshot as received, the last NACK, and counts
 * @param requestsInFlight requests relayed right now, on both listeners
 * @param telemetryDropped telemetry records dropped because the emitter's queue was full
 * @param upstreamConnections upstream connections open now, idle or busy
 * @param retryBudgets per-cluster retry counters, kept across snapshots
 * @param downstreamHttp1Connections downstream connections that spoke HTTP/1.1, since start
 * @param downstreamHttp2Connections downstream connections that spoke HTTP/2, since start
 * @param tcp the TCP proxy's per-route counters
 */
public record AdminView(
    String proxyId,
    LiveConfig live,
    SnapshotHistory history,
    IntSupplier requestsInFlight,
    LongSupplier telemetryDropped,
    IntSupplier upstreamConnections,
    RetryBudgets retryBudgets,
    LongSupplier downstreamHttp1Connections,
    LongSupplier downstreamHttp2Connections,
    TcpStats tcp) {

  public AdminView {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(requestsInFlight, "requestsInFlight");
    Objects.requireNonNull(telemetryDropped, "telemetryDropped");
    Objects.requireNonNull(upstreamConnections, "upstreamConnections");
    Objects.requireNonNull(retryBudgets, "retryBudgets");
    Objects.requireNonNull(downstreamHttp1Connections, "downstreamHttp1Connections");
    Objects.requireNonNull(downstreamHttp2Connections, "downstreamHttp2Connections");
    Objects.requireNonNull(tcp, "tcp");
  }

  /** A view of a sidecar with retry counters, no downstream protocol counts (they read 0) and no TCP. */
  public AdminView(String proxyId, LiveConfig live, SnapshotHistory history, IntSupplier requestsInFlight,
      LongSupplier telemetryDropped, IntSupplier upstreamConnections, RetryBudgets retryBudgets) {
    this(proxyId, live, history, requestsInFlight, telemetryDropped, upstreamConnections, retryBudgets, () -> 0L, () -> 0L,
        new TcpStats());
  }

  /** A view of a sidecar that has retried nothing, with its TCP counters. */
  public AdminView(String proxyId, LiveConfig live, SnapshotHistory history, IntSupplier requestsInFlight,
      LongSupplier telemetryDropped, IntSupplier upstreamConnections, TcpStats tcp) {
    this(proxyId, live, history, requestsInFlight, telemetryDropped, upstreamConnections, new RetryBudgets(), () -> 0L,
        () -> 0L, tcp);
  }

  /** A view of a sidecar that has retried nothing and proxied no TCP. */
  public AdminView(String proxyId, LiveConfig live, SnapshotHistory history, IntSupplier requestsInFlight,
      LongSupplier telemetryDropped, IntSupplier upstreamConnections) {
    this(proxyId, live, history, requestsInFlight, telemetryDropped, upstreamConnections, new RetryBudgets());
  }

  /** Like Envoy's {@code /ready}: LIVE once a snapshot was applied. */
  public boolean isLive() {
    return live.current().version() >= 0;
  }
}
