package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.identity.CertificateStatus;
import dev.meshlog.proxy.listener.limits.DownstreamRejections;
import dev.meshlog.proxy.mtls.MtlsStats;
import dev.meshlog.proxy.overload.Overload;
import dev.meshlog.proxy.authz.RbacStats;
import dev.meshlog.proxy.snapshot.LiveConfig;
import dev.meshlog.proxy.snapshot.SnapshotHistory;
import dev.meshlog.proxy.tcp.TcpStats;
import dev.meshlog.proxy.telemetry.PeerExchange;
import dev.meshlog.proxy.telemetry.TelemetryCounters;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the admin pages read from a running sidecar. Every source is an atomic or a volatile, so a
 * page is rendered on the admin's own thread without locking or touching a data-plane event loop.
 *
 * @param proxyId the sidecar's id, shown on the JSON pages
 * @param live the applied config (version, hash, route table with its balancers' endpoints)
 * @param history the last applied snapshot as received, the last NACK, and counts
 * @param requestsInFlight requests relayed right now, on both listeners
 * @param telemetry the telemetry streams' counters (queued, sent, dropped, failed), requests and connections
 * @param upstreamConnections upstream connections open now, idle or busy
 * @param downstreamHttp1Connections downstream connections that spoke HTTP/1.1, since start
 * @param downstreamHttp2Connections downstream connections that spoke HTTP/2, since start
 * @param tcp the TCP proxy's per-route counters
 * @param mtls the mesh TLS counters ({@code ssl.*}, {@code mtls.plaintext_refused})
 * @param certificates the workload certificate and its CA counters; empty when the sidecar asks for none
 * @param rbac the inbound AuthorizationPolicy counters
 * @param peers the x-meshlog-peer exchange's counters (values used, values ignored)
 * @param rejections downstream clients refused by the HTTP listeners, and their open connections
 * @param overload the load-shedding bound: requests active under it and shed over it
 */
public record AdminView(
    String proxyId,
    LiveConfig live,
    SnapshotHistory history,
    IntSupplier requestsInFlight,
    Supplier<List<TelemetryCounters>> telemetry,
    IntSupplier upstreamConnections,
    LongSupplier downstreamHttp1Connections,
    LongSupplier downstreamHttp2Connections,
    TcpStats tcp,
    MtlsStats mtls,
    Optional<CertificateStatus> certificates,
    RbacStats rbac,
    PeerExchange peers,
    DownstreamRejections rejections,
    Overload overload) {

  /** A view of a sidecar whose listeners' refusals are not shown and that sheds nothing. */
  public AdminView(String proxyId, LiveConfig live, SnapshotHistory history, IntSupplier requestsInFlight,
      Supplier<List<TelemetryCounters>> telemetry, IntSupplier upstreamConnections, LongSupplier downstreamHttp1Connections,
      LongSupplier downstreamHttp2Connections, TcpStats tcp, MtlsStats mtls, Optional<CertificateStatus> certificates,
      RbacStats rbac, PeerExchange peers) {
    this(proxyId, live, history, requestsInFlight, telemetry, upstreamConnections, downstreamHttp1Connections,
        downstreamHttp2Connections, tcp, mtls, certificates, rbac, peers, new DownstreamRejections(), Overload.OFF);
  }

  public AdminView {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(requestsInFlight, "requestsInFlight");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(upstreamConnections, "upstreamConnections");
    Objects.requireNonNull(downstreamHttp1Connections, "downstreamHttp1Connections");
    Objects.requireNonNull(downstreamHttp2Connections, "downstreamHttp2Connections");
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(mtls, "mtls");
    Objects.requireNonNull(certificates, "certificates");
    Objects.requireNonNull(rbac, "rbac");
    Objects.requireNonNull(peers, "peers");
    Objects.requireNonNull(rejections, "rejections");
    Objects.requireNonNull(overload, "overload");
  }

  /** A view of a sidecar that exchanges no peer metadata (its counters read 0). */
  public AdminView(String proxyId, LiveConfig live, SnapshotHistory history, IntSupplier requestsInFlight,
      Supplier<List<TelemetryCounters>> telemetry, IntSupplier upstreamConnections, LongSupplier downstreamHttp1Connections,
      LongSupplier downstreamHttp2Connections, TcpStats tcp, MtlsStats mtls, Optional<CertificateStatus> certificates,
      RbacStats rbac) {
    this(proxyId, live, history, requestsInFlight, telemetry, upstreamConnections, downstreamHttp1Connections,
        downstreamHttp2Connections, tcp, mtls, certificates, rbac, PeerExchange.OFF);
  }

  /** A view of a sidecar without mesh TLS counters, a workload certificate, or authorization counts (they read 0). */
  public AdminView(String proxyId, LiveConfig live, SnapshotHistory history, IntSupplier requestsInFlight,
      LongSupplier telemetryDropped, IntSupplier upstreamConnections, LongSupplier downstreamHttp1Connections,
      LongSupplier downstreamHttp2Connections, TcpStats tcp) {
    this(proxyId, live, history, requestsInFlight,
        () -> List.of(TelemetryCounters.droppedOnly("requests", telemetryDropped.getAsLong())), upstreamConnections,
        downstreamHttp1Connections, downstreamHttp2Connections, tcp, new MtlsStats(), Optional.empty(), new RbacStats(),
        PeerExchange.OFF);
  }

  /** A view of a sidecar without downstream protocol counts (they read 0), with its TCP counters. */
  public AdminView(String proxyId, LiveConfig live, SnapshotHistory history, IntSupplier requestsInFlight,
      LongSupplier telemetryDropped, IntSupplier upstreamConnections, TcpStats tcp) {
    this(proxyId, live, history, requestsInFlight, telemetryDropped, upstreamConnections, () -> 0L, () -> 0L, tcp);
  }

  /** A view of a sidecar without downstream protocol counts that has proxied no TCP. */
  public AdminView(String proxyId, LiveConfig live, SnapshotHistory history, IntSupplier requestsInFlight,
      LongSupplier telemetryDropped, IntSupplier upstreamConnections) {
    this(proxyId, live, history, requestsInFlight, telemetryDropped, upstreamConnections, new TcpStats());
  }

  /** Like Envoy's {@code /ready}: LIVE once a snapshot was applied. */
  public boolean isLive() {
    return live.current().version() >= 0;
  }
}
