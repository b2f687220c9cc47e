package dev.meshlog.proxy.telemetry;

/**
 * What a listener knows when a request ends. The emitter adds the reporter's identity and turns it
 * into the wire record on its own thread, so the event loop allocates no Avro objects; the access
 * log formats it on its own thread too.
 *
 * @param responseFlags Envoy-style flags, "-" when none
 * @param responseCode the status sent to the client, 0 when none was
 * @param requestProtocol as Istio's {@code request_protocol}: "grpc" for a request with a gRPC
 *     content type, "http" otherwise (HTTP/1.1 and HTTP/2 alike)
 * @param upstreamHost the endpoint's {@code ip:port}, "-" when the request never left the proxy
 * @param upstreamCluster the cluster the route picked, "-" when none
 * @param connectionSecurityPolicy Istio's label: "mutual_tls" or "none" for the connection the
 *     reporting side knows (upstream on the outbound listener, downstream on the inbound one), "unknown" when none
 * @param sourcePrincipal the client's SPIFFE URI (inbound, under mTLS), else "unknown"
 * @param destinationPrincipal the server's SPIFFE URI (outbound, under mTLS), else "unknown"
 */
public record RequestOutcome(
    long timeMillis,
    String destinationService,
    String destinationWorkload,
    String destinationNamespace,
    String destinationVersion,
    String routeName,
    int responseCode,
    String responseFlags,
    long durationMicros,
    long requestBytes,
    long responseBytes,
    String requestProtocol,
    RequestLine request,
    String upstreamHost,
    String upstreamCluster,
    String connectionSecurityPolicy,
    String sourcePrincipal,
    String destinationPrincipal) {

  public static final String UNKNOWN = "unknown";

  /** An outcome without connection security (telemetry reports "unknown"). */
  public RequestOutcome(long timeMillis, String destinationService, String destinationWorkload,
      String destinationNamespace, String destinationVersion, String routeName, int responseCode,
      String responseFlags, long durationMicros, long requestBytes, long responseBytes, String requestProtocol,
      RequestLine request, String upstreamHost, String upstreamCluster) {
    this(timeMillis, destinationService, destinationWorkload, destinationNamespace, destinationVersion, routeName,
        responseCode, responseFlags, durationMicros, requestBytes, responseBytes, requestProtocol, request, upstreamHost,
        upstreamCluster, UNKNOWN, UNKNOWN, UNKNOWN);
  }

  /** An HTTP (not gRPC) request's outcome without the access log's request details (for tests). */
  public RequestOutcome(long timeMillis, String destinationService, String destinationWorkload,
      String destinationNamespace, String destinationVersion, String routeName, int responseCode,
      String responseFlags, long durationMicros, long requestBytes, long responseBytes) {
    this(timeMillis, destinationService, destinationWorkload, destinationNamespace, destinationVersion, routeName,
        responseCode, responseFlags, durationMicros, requestBytes, responseBytes, "http", RequestLine.NONE, "-", "-");
  }
}
