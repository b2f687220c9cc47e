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
 * @param side which listener saw the request: outbound reports as Istio's SOURCE, inbound as DESTINATION
 * @param destinationApp the chosen endpoint's {@code app} label, "unknown" without one
 * @param grpcResponseStatus the response's {@code grpc-status} (trailers, or headers of a
 *     trailers-only response), "" when there was none
 * @param peer the other sidecar's {@code x-meshlog-peer} labels (inbound: the caller's, from the
 *     request; outbound: the server's, from the response), {@link PeerMetadata#NONE} without one
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
    String destinationPrincipal,
    Side side,
    String destinationApp,
    String grpcResponseStatus,
    PeerMetadata peer) {

  public static final String UNKNOWN = "unknown";

  /** Which listener reported the request. */
  public enum Side { OUTBOUND, INBOUND }

  public RequestOutcome {
    peer = peer == null ? PeerMetadata.NONE : peer;
  }

  /** An outbound outcome without the destination's app label or a gRPC status. */
  public RequestOutcome(long timeMillis, String destinationService, String destinationWorkload,
      String destinationNamespace, String destinationVersion, String routeName, int responseCode,
      String responseFlags, long durationMicros, long requestBytes, long responseBytes, String requestProtocol,
      RequestLine request, String upstreamHost, String upstreamCluster, String connectionSecurityPolicy,
      String sourcePrincipal, String destinationPrincipal) {
    this(timeMillis, destinationService, destinationWorkload, destinationNamespace, destinationVersion, routeName,
        responseCode, responseFlags, durationMicros, requestBytes, responseBytes, requestProtocol, request, upstreamHost,
        upstreamCluster, connectionSecurityPolicy, sourcePrincipal, destinationPrincipal, Side.OUTBOUND, UNKNOWN, "",
        PeerMetadata.NONE);
  }

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
