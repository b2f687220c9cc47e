package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.authz.InboundAuthorizer;
import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The way in to the local app: every request the inbound AuthorizationPolicies allow goes to it,
 * over pooled keep-alive connections; a denied one gets Envoy's 403 RBAC and never reaches the app.
 */
final class InboundFrontendHandler extends FrontendHandler {

  private final Dispatch.Forward toApp;
  private final Dispatch.Fail denied;
  private final TelemetrySink reporting;
  private final InboundAuthorizer authorizer;
  private ChannelHandlerContext ctx;

  /** @param reporting where inbound requests are reported (telemetry as reporter DESTINATION, and the access log) */
  InboundFrontendHandler(ConnectionPool pool, InFlight inFlight, Dispatch.Forward toApp, TelemetrySink reporting,
      InboundAuthorizer authorizer) {
    super(pool, inFlight);
    this.toApp = toApp;
    this.denied = new Dispatch.Fail(403, "RBAC", toApp.destinationService(), toApp.routeName());
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
    return authorizer.check(request, ctx.channel()).allowed() ? toApp : denied;
  }

  @Override
  protected void finished(Exchange ex) {
    if (reporting != TelemetrySink.NONE) {
      reporting.record(RequestOutcomes.ofInbound(ex, reporting.wantsRequestLine()));
    }
  }
}
