package dev.meshlog.proxy.route;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * What routing sees of one request. Path and query are split only when a rule asks for them, and
 * query parameters decoded only when a rule matches on one, so a host-only route costs one object.
 * Confined to the event loop that routes the request.
 */
public final class RouteRequest {

  private final String authority;
  private final String method;
  private final String uri;
  private final HttpHeaders headers;
  private final int port;
  private final String sourceIp;
  private String path;
  private Map<String, List<String>> queryParams;

  public RouteRequest(String authority, String method, String uri, HttpHeaders headers, int port) {
    this(authority, method, uri, headers, port, null);
  }

  /** @param sourceIp the downstream peer's address (no port), null when unknown */
  public RouteRequest(String authority, String method, String uri, HttpHeaders headers, int port, String sourceIp) {
    this.authority = authority == null ? "" : authority;
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.port = port;
    this.sourceIp = sourceIp;
  }

  /** A request as the outbound listener on {@code port} received it (origin-form target). */
  public static RouteRequest of(HttpRequest request, int port) {
    return new RouteRequest(request.headers().get(HttpHeaderNames.HOST), request.method().name(), request.uri(),
        request.headers(), port);
  }

  /** A request the outbound listener on {@code port} received from {@code sourceIp}. */
  public static RouteRequest of(HttpRequest request, int port, String sourceIp) {
    return new RouteRequest(request.headers().get(HttpHeaderNames.HOST), request.method().name(), request.uri(),
        request.headers(), port, sourceIp);
  }

  /** {@code GET /} to {@code authority}, no headers: routing by host alone. */
  public static RouteRequest get(String authority) {
    return new RouteRequest(authority, "GET", "/", new DefaultHttpHeaders(), 0);
  }

  /** The Host header, empty when there was none. */
  public String authority() {
    return authority;
  }

  public String method() {
    return method;
  }

  /** The origin-form target as received, query included. */
  public String uri() {
    return uri;
  }

  public int port() {
    return port;
  }

  public HttpHeaders headers() {
    return headers;
  }

  /** The downstream peer's IP, null when unknown. */
  public String sourceIp() {
    return sourceIp;
  }

  /** The path without query string or fragment, which is what Envoy's path matches see. */
  public String path() {
    if (path == null) {
      int end = uri.length();
      for (int i = 0; i < uri.length(); i++) {
        char c = uri.charAt(i);
        if (c == '?' || c == '#') {
          end = i;
          break;
        }
      }
      path = end == uri.length() ? uri : uri.substring(0, end);
    }
    return path;
  }

  /** The query string after '?', including the '?'; empty when there is none. */
  String query() {
    int q = uri.indexOf('?');
    if (q < 0) {
      return "";
    }
    int hash = uri.indexOf('#', q);
    return hash < 0 ? uri.substring(q) : uri.substring(q, hash);
  }

  /** The decoded first value of a query parameter, or null when absent. */
  String queryParam(String name) {
    if (queryParams == null) {
      queryParams = new QueryStringDecoder(uri).parameters();
    }
    List<String> values = queryParams.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * A header's value for matching, or null when absent. The HTTP/2 pseudo-headers Istio lets a match
   * name are answered from the request line, as Envoy sees them.
   */
  String header(String lowerCaseName) {
    if (!lowerCaseName.isEmpty() && lowerCaseName.charAt(0) == ':') {
      return switch (lowerCaseName) {
        case ":authority" -> authority.isEmpty() ? null : authority;
        case ":method" -> method;
        case ":path" -> uri;
        default -> null;
      };
    }
    return headers.get(lowerCaseName);
  }
}
