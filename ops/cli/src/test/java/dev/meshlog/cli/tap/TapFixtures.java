package dev.meshlog.cli.tap;

import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import java.time.Instant;

/** Telemetry records as a sidecar reports them, for the tap's tests. */
final class TapFixtures {

  static final Instant TIME = Instant.parse("2026-11-26T09:00:00Z");

  private TapFixtures() {}

  /** An outbound request from {@code source} to {@code destination} (workloads in namespace default) of service {@code service}. */
  static RequestTelemetry.Builder request(String source, String destination, String service, String route, int status) {
    return RequestTelemetry.newBuilder()
        .setTime(TIME)
        .setReporter(Reporter.SOURCE)
        .setReporterProxy(source)
        .setSourceWorkload(source)
        .setSourceNamespace("default")
        .setDestinationService(service + ".default.svc.cluster.local")
        .setDestinationWorkload(destination)
        .setDestinationNamespace("default")
        .setDestinationVersion("v2")
        .setRouteName(route)
        .setResponseCode(status)
        .setDurationMicros(1234)
        .setRequestBytes(10)
        .setResponseBytes(512)
        .setConnectionSecurityPolicy("mutual_tls")
        .setRequestMethod("GET")
        .setRequestPath("/" + service + "/1")
        .setRequestAuthority(service + ":9080")
        .setRequestId("rid-" + route);
  }

  static TappedRequest tapped(RequestTelemetry.Builder record) {
    return TelemetryWire.toTapped(0, 42, record.build());
  }
}
