package dev.meshlog.proxy.route;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything a forwarding rule changes on the way through for one of its destinations, compiled per
 * (rule, destination) when a snapshot is applied: the rewrite, then request header operations
 * (route-level, then the destination's), and response header operations in the same order.
 */
public final class UpstreamEdits {

  public static final UpstreamEdits NONE = new UpstreamEdits(Rewrite.NONE, HeaderPolicy.NONE, HeaderPolicy.NONE);

  private final Rewrite rewrite;
  private final HeaderOperations[] request;
  private final HeaderOperations[] response;
  private final boolean none;

  private UpstreamEdits(Rewrite rewrite, HeaderPolicy route, HeaderPolicy destination) {
    this(rewrite, nonEmpty(route.request(), destination.request()), nonEmpty(route.response(), destination.response()));
  }

  private UpstreamEdits(Rewrite rewrite, HeaderOperations[] request, HeaderOperations[] response) {
    this.rewrite = rewrite;
    this.request = request;
    this.response = response;
    this.none = rewrite.isEmpty() && request.length == 0 && response.length == 0;
  }

  public static UpstreamEdits of(Rewrite rewrite, HeaderPolicy route, HeaderPolicy destination) {
    UpstreamEdits edits = new UpstreamEdits(rewrite, route, destination);
    return edits.none ? NONE : edits;
  }

  /**
   * Rewrites the request in place before it goes upstream.
   *
   * @param rewrittenPart the path prefix the rewrite's uri replaces (see {@link RequestMatch#rewrittenPart})
   */
  public void applyToRequest(HttpRequest req, String rewrittenPart) {
    if (none) {
      return;
    }
    if (rewrite.uri().isPresent()) {
      req.setUri(rewriteUri(req.uri(), rewrittenPart, rewrite.uri().get()));
    }
    if (rewrite.authority().isPresent()) {
      req.headers().set(HttpHeaderNames.HOST, rewrite.authority().get());
    }
    for (HeaderOperations ops : request) {
      ops.applyTo(req.headers());
    }
  }

  /** These edits, then {@code name: value} added to the response (a generated hash cookie's Set-Cookie). */
  public UpstreamEdits addingResponseHeader(String name, String value) {
    HeaderOperations[] more = Arrays.copyOf(response, response.length + 1);
    more[response.length] = HeaderOperations.of(Map.of(), Map.of(name, value), List.of());
    return new UpstreamEdits(rewrite, request, more);
  }

  /** Applies the response header operations to a response on its way to the client. */
  public void applyToResponse(HttpHeaders headers) {
    for (HeaderOperations ops : response) {
      ops.applyTo(headers);
    }
  }

  static String rewriteUri(String uri, String rewrittenPart, String replacement) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String rest = q < 0 ? "" : uri.substring(q);
    String tail = path.startsWith(rewrittenPart) ? path.substring(rewrittenPart.length()) : "";
    return replacement + tail + rest;
  }

  private static HeaderOperations[] nonEmpty(HeaderOperations first, HeaderOperations second) {
    if (first.isEmpty()) {
      return second.isEmpty() ? new HeaderOperations[0] : new HeaderOperations[] {second};
    }
    return second.isEmpty() ? new HeaderOperations[] {first} : new HeaderOperations[] {first, second};
  }
}
