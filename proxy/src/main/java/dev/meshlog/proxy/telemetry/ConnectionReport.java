package dev.meshlog.proxy.telemetry;

/**
 * A TCP connection a tcp route proxied, opened or closed, as the TCP listener knows it. The emitter
 * adds the reporter's identity and builds the wire record on its own thread.
 *
 * @param destinationService the route's fully qualified host
 * @param destinationWorkload the chosen endpoint's workload, "unknown" when none was reached
 * @param destinationApp the endpoint's {@code app} label
 * @param destinationVersion the endpoint's {@code version} label
 * @param destinationPrincipal the server's SPIFFE URI under mTLS; "unknown" (the TCP relay is plain text)
 * @param routeName the tcp route ({@code host:port})
 * @param responseFlags Envoy's flags: UF (no upstream connect succeeded), UH (no endpoint), "-" otherwise
 * @param bytesSent to the destination over the connection's life (CLOSED only)
 * @param bytesReceived from the destination over the connection's life (CLOSED only)
 * @param durationMicros open to close (CLOSED only)
 */
public record ConnectionReport(
    long timeMillis,
    Event event,
    String destinationService,
    String destinationWorkload,
    String destinationNamespace,
    String destinationApp,
    String destinationVersion,
    String destinationPrincipal,
    String routeName,
    String responseFlags,
    long bytesSent,
    long bytesReceived,
    long durationMicros) {

  public enum Event { OPENED, CLOSED }
}
