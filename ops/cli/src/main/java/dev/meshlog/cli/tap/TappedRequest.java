package dev.meshlog.cli.tap;

import java.time.Instant;

/**
 * One request as the tap shows it: the metadata of a {@code mesh.telemetry.requests} record, never
 * a body. {@code id} is the record's {@code partition:offset}, unique and stable, since the record carries
 * no request id.
 *
 * @param direction "out" for a record the source's proxy reported, "in" for the destination's, "-" unknown
 * @param authority the destination service the route resolved (its FQDN), what {@code :authority} named
 * @param status the response code sent to the client, 0 when none was
 * @param latencyMicros from the request's start to the response's end, as the proxy measured it
 * @param method the HTTP method, "" from a sidecar that did not report it
 * @param path the request path without its query string (cut at 256 characters, ending "..."), "" when not reported
 * @param requestAuthority Host/:authority as the client sent it, "" when not reported
 * @param requestId the request's x-request-id, "" when not reported
 */
public record TappedRequest(
    String id,
    Instant time,
    String direction,
    String reporterProxy,
    Peer source,
    Peer destination,
    String authority,
    String serviceName,
    String serviceNamespace,
    String route,
    String protocol,
    int status,
    String grpcStatus,
    String responseFlags,
    long latencyMicros,
    long requestBytes,
    long responseBytes,
    String tls,
    String method,
    String path,
    String requestAuthority,
    String requestId) {}
