package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.RouteRequest;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The local app's way out: routes by Host and the rules' matches through the live route table and
 * reports each request.
 */
final class OutboundFrontendHandler extends FrontendHandler {

  private final Supplier<RouteTable> routes;
  private final Supplier<RandomGenerator> random;
  private final TelemetrySink telemetry;
  private final int listenerPort;

  /** @param listenerPort the outbound listener's port, which {@code port} matches compare against */
  OutboundFrontendHandler(ConnectionPool pool, InFlight inFlight, Supplier<RouteTable> routes,
      Supplier<RandomGenerator> random, TelemetrySink telemetry, int listenerPort) {
    super(pool, inFlight);
    this.listenerPort = listenerPort;
    this.routes = routes;
    this.random = random;
    this.telemetry = telemetry;
  }

  @Override
  protected Dispatch route(HttpRequest request) {
    return routes.get().dispatch(RouteRequest.of(request, listenerPort, sourceIp()), random.get());
  }

  @Override
  protected void finished(Exchange ex) {
    telemetry.record(RequestOutcomes.of(ex, telemetry.wantsRequestLine()));
  }
}
