package dev.meshlog.proxy.telemetry;

import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import java.time.Instant;

/**
 * Istio's standard request dimensions from what one sidecar knows. The reporting workload is the
 * source on the outbound side (reporter SOURCE) and the destination on the inbound side (reporter
 * DESTINATION). The other end is the chosen endpoint's labels from the snapshot (outbound), or
 * the peer's mTLS principal (inbound: its namespace) and what the other sidecar said about itself in
 * {@code x-meshlog-peer} (inbound: the caller's workload, app and version; "unknown" without it).
 * Also the request's method, path, authority and id for tap. Runs on the emitter's thread, never on an event loop.
 */
final class RequestDimensions {

  private RequestDimensions() {}

  static RequestTelemetry toWire(ReportingWorkload self, RequestOutcome o) {
    return toWire(self, self.principal(), o);
  }

  /** @param ownPrincipal the reporting workload's SPIFFE URI now (its certificate rotates), "unknown" without one */
  static RequestTelemetry toWire(ReportingWorkload self, String ownPrincipal, RequestOutcome o) {
    boolean inbound = o.side() == RequestOutcome.Side.INBOUND;
    String service = o.destinationService();
    RequestTelemetry.Builder record = RequestTelemetry.newBuilder()
        .setTime(Instant.ofEpochMilli(o.timeMillis()))
        .setReporter(inbound ? Reporter.DESTINATION : Reporter.SOURCE)
        .setReporterProxy(self.proxyId())
        .setDestinationService(service)
        .setDestinationServiceName(serviceName(service))
        .setDestinationServiceNamespace(serviceNamespace(service))
        .setRouteName(o.routeName())
        .setRequestProtocol(o.requestProtocol())
        .setResponseCode(o.responseCode())
        .setGrpcResponseStatus(o.grpcResponseStatus())
        .setResponseFlags(o.responseFlags())
        .setDurationMicros(o.durationMicros())
        .setRequestBytes(o.requestBytes())
        .setResponseBytes(o.responseBytes())
        .setConnectionSecurityPolicy(o.connectionSecurityPolicy());
    RequestLine line = o.request();
    record.setRequestMethod(RequestMetadata.header(line.method()))
        .setRequestPath(RequestMetadata.path(line.path()))
        .setRequestAuthority(RequestMetadata.header(line.authority()))
        .setRequestId(RequestMetadata.header(line.requestId()));
    PeerMetadata peer = o.peer();
    boolean mutualTls = "mutual_tls".equals(o.connectionSecurityPolicy());
    if (inbound) {
      String peerPrincipal = o.sourcePrincipal();
      // The caller's labels come from its x-meshlog-peer; its namespace from its certificate when it has one.
      record.setSourceWorkload(peer.workload())
          .setSourceNamespace(PeerMetadata.prefer(Principals.namespaceOf(peerPrincipal), peer.namespace()))
          .setSourcePrincipal(peerPrincipal)
          .setSourceApp(peer.app())
          .setSourceVersion(peer.version())
          .setDestinationWorkload(self.proxyId())
          .setDestinationNamespace(self.namespace())
          .setDestinationApp(self.app())
          .setDestinationVersion(self.version())
          .setDestinationPrincipal(mutualTls ? ownPrincipal : RequestOutcome.UNKNOWN);
    } else {
      record.setSourceWorkload(self.proxyId())
          .setSourceNamespace(self.namespace())
          .setSourcePrincipal(mutualTls ? ownPrincipal : RequestOutcome.UNKNOWN)
          .setSourceApp(self.app())
          .setSourceVersion(self.version())
          // The snapshot's labels for the endpoint; the server's x-meshlog-peer fills what it lacks.
          .setDestinationWorkload(PeerMetadata.prefer(o.destinationWorkload(), peer.workload()))
          .setDestinationNamespace(PeerMetadata.prefer(destinationNamespace(o), peer.namespace()))
          .setDestinationApp(PeerMetadata.prefer(o.destinationApp(), peer.app()))
          .setDestinationVersion(PeerMetadata.prefer(o.destinationVersion(), peer.version()))
          .setDestinationPrincipal(o.destinationPrincipal());
    }
    return record.build();
  }

  /** The endpoint's namespace: its principal's when it has one, else the service's (a workload serves its own namespace). */
  private static String destinationNamespace(RequestOutcome o) {
    String fromPrincipal = Principals.namespaceOf(o.destinationPrincipal());
    if (!RequestOutcome.UNKNOWN.equals(fromPrincipal)) {
      return fromPrincipal;
    }
    return RequestOutcome.UNKNOWN.equals(o.destinationWorkload()) ? RequestOutcome.UNKNOWN : o.destinationNamespace();
  }

  /** {@code reviews.default.svc.cluster.local} -> {@code reviews}; any other host stays whole, as Istio's label does. */
  static String serviceName(String host) {
    int dot = host.indexOf('.');
    return isClusterLocal(host) && dot > 0 ? host.substring(0, dot) : host;
  }

  /** {@code reviews.default.svc.cluster.local} -> {@code default}; "unknown" for hosts outside the cluster. */
  static String serviceNamespace(String host) {
    if (!isClusterLocal(host)) {
      return RequestOutcome.UNKNOWN;
    }
    int first = host.indexOf('.');
    int second = host.indexOf('.', first + 1);
    return host.substring(first + 1, second);
  }

  private static boolean isClusterLocal(String host) {
    int first = host.indexOf('.');
    int second = first < 0 ? -1 : host.indexOf('.', first + 1);
    return first > 0 && second > first + 1 && host.startsWith("svc.", second + 1);
  }
}
