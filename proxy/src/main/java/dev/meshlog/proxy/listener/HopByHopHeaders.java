package dev.meshlog.proxy.listener;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Headers that describe one connection, not the message (RFC 9110 7.6.1), removed before a message
 * crosses the proxy. Transfer-Encoding stays: the codec frames bodies by it on the way out (the
 * HTTP/2 codec drops it). {@code te: trailers} stays too, as in Envoy: gRPC needs it end to end, and
 * it is the one TE value HTTP/2 allows.
 */
final class HopByHopHeaders {

  private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
  private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
  /** Connection-specific (RFC 9113 3.2.1): it only makes sense with an h2c upgrade, which is not made. */
  private static final AsciiString HTTP2_SETTINGS = AsciiString.cached("http2-settings");
  private static final List<AsciiString> FIXED = List.of(
      HttpHeaderNames.CONNECTION, KEEP_ALIVE, PROXY_CONNECTION,
      HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, HTTP2_SETTINGS);
  /** Framing headers a Connection header may not take away from us. */
  private static final Set<String> PROTECTED = Set.of("transfer-encoding", "content-length", "host");

  private HopByHopHeaders() {}

  private static boolean acceptsTrailers(HttpHeaders headers) {
    for (String value : headers.getAll(HttpHeaderNames.TE)) {
      for (String token : value.split(",")) {
        if (token.trim().equalsIgnoreCase("trailers")) {
          return true;
        }
      }
    }
    return false;
  }

  static void strip(HttpHeaders headers) {
    boolean trailers = acceptsTrailers(headers);
    List<String> named = null;
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : value.split(",")) {
        String name = token.trim();
        if (!name.isEmpty() && !PROTECTED.contains(name.toLowerCase(Locale.ROOT))) {
          if (named == null) {
            named = new ArrayList<>(2);
          }
          named.add(name);
        }
      }
    }
    if (named != null) {
      named.forEach(headers::remove);
    }
    for (AsciiString name : FIXED) {
      headers.remove(name);
    }
    if (trailers) {
      headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
    }
  }
}
