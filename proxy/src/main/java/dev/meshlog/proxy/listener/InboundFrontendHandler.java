package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.handler.codec.http.HttpRequest;

/** The way in to the local app: every request goes to it, over pooled keep-alive connections. */
final class InboundFrontendHandler extends FrontendHandler {

  private final Dispatch.Forward toApp;
  private final TelemetrySink reporting;

  /** @param reporting where inbound requests are reported (the access log; telemetry reports outbound only) */
  InboundFrontendHandler(ConnectionPool pool, InFlight inFlight, Dispatch.Forward toApp, TelemetrySink reporting) {
    super(pool, inFlight);
    this.toApp = toApp;
    this.reporting = reporting;
  }

  @Override
  protected Dispatch route(HttpRequest request) {
    return toApp;
  }

  @Override
  protected void finished(Exchange ex) {
    if (reporting != TelemetrySink.NONE) {
      reporting.record(RequestOutcomes.ofInbound(ex, reporting.wantsRequestLine()));
    }
  }
}
