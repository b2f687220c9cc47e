package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.mtls.ConnectionSecurity;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.telemetry.RequestLine;
import dev.meshlog.proxy.telemetry.RequestOutcome;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;

/** Turns a finished exchange into the outcome that telemetry and the access log report. */
final class RequestOutcomes {

  private RequestOutcomes() {}

  /** An outbound request: the upstream connection's security, and the server's principal under mTLS. */
  static RequestOutcome of(Exchange ex, boolean withRequestLine) {
    ConnectionSecurity upstream = ex.upstreamSecurity;
    return of(ex, withRequestLine, upstream == null ? RequestOutcome.UNKNOWN : upstream.policyLabel(), RequestOutcome.UNKNOWN,
        upstream == null ? RequestOutcome.UNKNOWN : upstream.peerPrincipal().orElse(RequestOutcome.UNKNOWN),
        RequestOutcome.Side.OUTBOUND);
  }

  /** An inbound request: the downstream connection's security, and the client's principal under mTLS. */
  static RequestOutcome ofInbound(Exchange ex, boolean withRequestLine) {
    ConnectionSecurity downstream = ex.relay == null ? ConnectionSecurity.PLAINTEXT : ex.relay.clientSecurity();
    return of(ex, withRequestLine, downstream.policyLabel(), downstream.peerPrincipal().orElse(RequestOutcome.UNKNOWN),
        RequestOutcome.UNKNOWN, RequestOutcome.Side.INBOUND);
  }

  /** @param withRequestLine whether to read the request line and headers (the access log shows them) */
  private static RequestOutcome of(Exchange ex, boolean withRequestLine, String securityPolicy, String sourcePrincipal,
      String destinationPrincipal, RequestOutcome.Side side) {
    Dispatch dispatch = ex.dispatch();
    String workload = Endpoint.UNKNOWN;
    String version = Endpoint.UNKNOWN;
    String app = Endpoint.UNKNOWN;
    String upstreamHost = "-";
    String upstreamCluster = "-";
    if (dispatch instanceof Dispatch.Forward forward) {
      workload = forward.endpoint().workload();
      version = forward.endpoint().version();
      app = forward.endpoint().labels().getOrDefault("app", Endpoint.UNKNOWN);
      upstreamCluster = forward.cluster().name();
      if (ex.forwarding) {
        InetSocketAddress address = forward.endpoint().socketAddress();
        upstreamHost = address.getHostString() + ":" + address.getPort();
      }
    }
    return new RequestOutcome(ex.startMillis(), dispatch.destinationService(), workload,
        Cluster.namespaceOf(dispatch.destinationService()), version, dispatch.routeName(), ex.status(), ex.flags(),
        ex.durationMicros(), ex.requestBytes(), ex.responseBytes(), requestProtocol(ex.request), withRequestLine ? ex.requestLine() : RequestLine.NONE,
        upstreamHost, upstreamCluster, securityPolicy, sourcePrincipal, destinationPrincipal, side, app, ex.grpcStatus, ex.peer);
  }

  /** Istio's request_protocol: gRPC is told by its content type (application/grpc, +proto, ...), over any HTTP version. */
  private static String requestProtocol(HttpRequest request) {
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return type != null && type.regionMatches(true, 0, "application/grpc", 0, 16) ? "grpc" : "http";
  }
}
