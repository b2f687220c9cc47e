package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import io.netty.handler.codec.http.HttpRequest;

/** The way in to the local app: every request goes to it, over pooled keep-alive connections. */
final class InboundFrontendHandler extends FrontendHandler {

  private final Dispatch.Forward toApp;

  InboundFrontendHandler(ConnectionPool pool, InFlight inFlight, Dispatch.Forward toApp) {
    super(pool, inFlight);
    this.toApp = toApp;
  }

  @Override
  protected Dispatch route(HttpRequest request) {
    return toApp;
  }
}
