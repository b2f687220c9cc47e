package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.authz.InboundAuthorizer;
import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.telemetry.PeerExchange;
import dev.meshlog.proxy.telemetry.PeerMetadata;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The way in to the local app: every request the inbound AuthorizationPolicies allow goes to it,
 * over pooled keep-alive connections; a denied one gets Envoy's 403 RBAC and never reaches the app.
 */
final class InboundFrontendHandler extends FrontendHandler {

  private final Dispatch.Forward toApp;
  private final Dispatch.Fail denied;
  private final Dispatch.Fail notConfigured;
  private final TelemetrySink reporting;
  private final InboundAuthorizer authorizer;
  private final PeerExchange peers;
  /** The caller's labels, taken off the request in {@code route} and handed to its exchange in {@code begin}. */
  private PeerMetadata caller;
  private ChannelHandlerContext ctx;

  /** @param reporting where inbound requests are reported (telemetry as reporter DESTINATION, and the access log) */
  InboundFrontendHandler(ConnectionPool pool, InFlight inFlight, Dispatch.Forward toApp, TelemetrySink reporting,
      InboundAuthorizer authorizer, PeerExchange peers) {
    super(pool, inFlight);
    this.peers = peers;
    this.toApp = toApp;
    this.denied = new Dispatch.Fail(403, "RBAC", toApp.destinationService(), toApp.routeName());
    this.notConfigured = Dispatch.Fail.noConfig(toApp.destinationService());
    this.reporting = reporting;
    this.authorizer = authorizer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    super.handlerAdded(ctx);
  }

  @Override
  protected Dispatch route(HttpRequest request) {
    // Taken off before authorization: a claim no certificate backs must not be a policy's input.
    caller = peers.take(request.headers());
    if (!authorizer.configured()) {
      return notConfigured;
    }
    return authorizer.check(request, ctx.channel()).allowed() ? toApp : denied;
  }

  /** The caller's sidecar said who it is: kept for telemetry, and never passed on to the app. */
  @Override
  protected void begin(Exchange ex) {
    ex.peer = caller;
    caller = null;
  }

  /**
   * The app's own x-meshlog-peer never leaves; ours goes back only to a caller that sent a valid
   * one of its own (a sidecar), never to a client outside the mesh.
   */
  @Override
  protected void responseHead(Exchange ex, HttpHeaders headers) {
    PeerExchange.strip(headers);
    if (ex.peer != null && ex.peer != PeerMetadata.NONE) {
      peers.offer(headers);
    }
  }

  @Override
  protected void finished(Exchange ex) {
    if (reporting != TelemetrySink.NONE) {
      reporting.record(RequestOutcomes.ofInbound(ex, reporting.wantsRequestLine()));
    }
  }
}
