package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.RouteRequest;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.telemetry.PeerExchange;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.handler.codec.http.HttpHeaders;
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
  private final PeerExchange peers;

  /** @param listenerPort the outbound listener's port, which {@code port} matches compare against */
  OutboundFrontendHandler(ConnectionPool pool, InFlight inFlight, Supplier<RouteTable> routes,
      Supplier<RandomGenerator> random, TelemetrySink telemetry, int listenerPort, PeerExchange peers) {
    super(pool, inFlight);
    this.peers = peers;
    this.listenerPort = listenerPort;
    this.routes = routes;
    this.random = random;
    this.telemetry = telemetry;
  }

  @Override
  protected Dispatch route(HttpRequest request) {
    return routes.get().dispatch(RouteRequest.of(request, listenerPort, sourceIp()), random.get());
  }

  /**
   * The app cannot speak for this sidecar: its x-meshlog-peer is dropped, and ours goes only to a
   * mesh workload, never to a host outside the mesh (a ServiceEntry's, or an unknown one).
   */
  @Override
  protected void begin(Exchange ex) {
    HttpHeaders headers = ex.request.headers();
    PeerExchange.strip(headers);
    if (toMeshWorkload(ex)) {
      peers.offer(headers);
    }
  }

  /**
   * The server's sidecar said who it is: kept for telemetry (a host outside the mesh is not
   * believed), and never passed on to the app.
   */
  @Override
  protected void responseHead(Exchange ex, HttpHeaders headers) {
    if (toMeshWorkload(ex)) {
      ex.peer = peers.take(headers);
    } else {
      PeerExchange.strip(headers);
    }
  }

  /**
   * Whether the request goes to a registered workload's sidecar: the snapshot names its workload. A
   * ServiceEntry address is named by its entry's subject ({@code ServiceEntry/ns/name}); a workload
   * name never holds a '/'.
   */
  static boolean toMeshWorkload(Exchange ex) {
    if (!(ex.dispatch instanceof Dispatch.Forward forward)) {
      return false;
    }
    String workload = forward.endpoint().workload();
    return !Endpoint.UNKNOWN.equals(workload) && workload.indexOf('/') < 0;
  }

  @Override
  protected void finished(Exchange ex) {
    telemetry.record(RequestOutcomes.of(ex, telemetry.wantsRequestLine()));
  }
}
