package dev.meshlog.proxy.listener;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Headers that describe one connection, not the message (RFC 9110 7.6.1), removed before a message
 * crosses the proxy. Transfer-Encoding stays: the codec frames bodies by it on the way out.
 */
final class HopByHopHeaders {

  private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
  private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
  private static final List<AsciiString> FIXED = List.of(
      HttpHeaderNames.CONNECTION, KEEP_ALIVE, PROXY_CONNECTION,
      HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE);
  /** Framing headers a Connection header may not take away from us. */
  private static final Set<String> PROTECTED = Set.of("transfer-encoding", "content-length", "host");

  private HopByHopHeaders() {}

  static void strip(HttpHeaders headers) {
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
  }
}
