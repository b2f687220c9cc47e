package dev.meshlog.cli.tap;

import dev.meshlog.avro.RequestTelemetry;

/** The edge where Avro's {@link RequestTelemetry} becomes the tap's {@link TappedRequest}. */
public final class TelemetryWire {

  private TelemetryWire() {}

  public static TappedRequest toTapped(int partition, long offset, RequestTelemetry r) {
    String direction = switch (r.getReporter()) {
      case SOURCE -> "out";
      case DESTINATION -> "in";
      default -> "-";
    };
    Peer source = new Peer(text(r.getSourceWorkload()), text(r.getSourceNamespace()), text(r.getSourceApp()),
        text(r.getSourceVersion()), text(r.getSourcePrincipal()));
    Peer destination = new Peer(text(r.getDestinationWorkload()), text(r.getDestinationNamespace()),
        text(r.getDestinationApp()), text(r.getDestinationVersion()), text(r.getDestinationPrincipal()));
    return new TappedRequest(partition + ":" + offset, r.getTime(), direction, text(r.getReporterProxy()), source, destination,
        text(r.getDestinationService()), text(r.getDestinationServiceName()), text(r.getDestinationServiceNamespace()),
        text(r.getRouteName()), text(r.getRequestProtocol()), r.getResponseCode(), text(r.getGrpcResponseStatus()),
        text(r.getResponseFlags()), r.getDurationMicros(), r.getRequestBytes(), r.getResponseBytes(),
        text(r.getConnectionSecurityPolicy()), text(r.getRequestMethod()), text(r.getRequestPath()),
        text(r.getRequestAuthority()), text(r.getRequestId()));
  }

  private static String text(CharSequence value) {
    return value == null ? "" : value.toString();
  }
}
