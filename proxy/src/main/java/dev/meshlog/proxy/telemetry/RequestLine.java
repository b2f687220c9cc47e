package dev.meshlog.proxy.telemetry;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Objects;

/**
 * The request as the access log shows it, Envoy's {@code %REQ(...)%} fields. Read from the request
 * head when the exchange ends, except the path, which is the one the client sent (Envoy logs
 * {@code X-ENVOY-ORIGINAL-PATH} when a rewrite changed it). Absent headers are "-".
 */
public record RequestLine(String method, String path, String protocol, String authority, String userAgent,
    String requestId, String forwardedFor) {

  public static final RequestLine NONE = new RequestLine("-", "-", "-", "-", "-", "-", "-");

  public RequestLine {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
  }

  public static RequestLine of(HttpRequest request, String originalPath) {
    HttpHeaders headers = request.headers();
    return new RequestLine(request.method().name(), originalPath, request.protocolVersion().text(),
        orDash(headers.get(HttpHeaderNames.HOST)), orDash(headers.get(HttpHeaderNames.USER_AGENT)),
        orDash(headers.get("x-request-id")), orDash(headers.get("x-forwarded-for")));
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
