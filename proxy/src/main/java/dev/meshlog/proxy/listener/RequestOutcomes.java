package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.telemetry.RequestOutcome;
import java.net.InetSocketAddress;

/** Turns a finished exchange into the outcome that telemetry and the access log report. */
final class RequestOutcomes {

  private RequestOutcomes() {}

  static RequestOutcome of(Exchange ex) {
    Dispatch dispatch = ex.dispatch();
    String workload = Endpoint.UNKNOWN;
    String version = Endpoint.UNKNOWN;
    String upstreamHost = "-";
    String upstreamCluster = "-";
    if (dispatch instanceof Dispatch.Forward forward) {
      workload = forward.endpoint().workload();
      version = forward.endpoint().version();
      upstreamCluster = forward.cluster().name();
      if (ex.forwarding) {
        InetSocketAddress address = forward.endpoint().socketAddress();
        upstreamHost = address.getHostString() + ":" + address.getPort();
      }
    }
    return new RequestOutcome(ex.startMillis(), dispatch.destinationService(), workload,
        Cluster.namespaceOf(dispatch.destinationService()), version, dispatch.routeName(), ex.status(), ex.flags(),
        ex.durationMicros(), ex.requestBytes(), ex.responseBytes(), ex.requestLine(), upstreamHost, upstreamCluster);
  }
}
