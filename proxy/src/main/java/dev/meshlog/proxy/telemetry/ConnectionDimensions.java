package dev.meshlog.proxy.telemetry;

import dev.meshlog.avro.ConnectionEvent;
import dev.meshlog.avro.ConnectionTelemetry;
import java.time.Instant;

/**
 * Istio's TCP dimensions for a connection a tcp route relayed: the reporting workload is the source
 * (TCP routes are outbound), the destination is the endpoint the snapshot named. The TCP relay is
 * plain text, so the connection security policy is "none".
 */
final class ConnectionDimensions {

  private ConnectionDimensions() {}

  static ConnectionTelemetry toWire(ReportingWorkload self, ConnectionReport c) {
    return ConnectionTelemetry.newBuilder()
        .setTime(Instant.ofEpochMilli(c.timeMillis()))
        .setEvent(c.event() == ConnectionReport.Event.OPENED ? ConnectionEvent.OPENED : ConnectionEvent.CLOSED)
        .setReporter("source")
        .setReporterProxy(self.proxyId())
        .setSourceWorkload(self.proxyId())
        .setSourceNamespace(self.namespace())
        .setSourcePrincipal(RequestOutcome.UNKNOWN)
        .setSourceApp(self.app())
        .setSourceVersion(self.version())
        .setDestinationService(c.destinationService())
        .setDestinationWorkload(c.destinationWorkload())
        .setDestinationNamespace(c.destinationNamespace())
        .setDestinationPrincipal(c.destinationPrincipal())
        .setDestinationApp(c.destinationApp())
        .setDestinationVersion(c.destinationVersion())
        .setRouteName(c.routeName())
        .setConnectionSecurityPolicy("none")
        .setResponseFlags(c.responseFlags())
        .setBytesSent(c.bytesSent())
        .setBytesReceived(c.bytesReceived())
        .setDurationMicros(c.durationMicros())
        .build();
  }
}
