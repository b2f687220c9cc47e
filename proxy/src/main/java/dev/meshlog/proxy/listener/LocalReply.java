package dev.meshlog.proxy.listener;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * Responses the proxy makes itself: errors flagged like Envoy's so a client can tell them from the
 * app's, and the answers rules give (redirects, direct responses).
 */
final class LocalReply {

  static final AsciiString RESPONSE_FLAGS = AsciiString.cached("x-meshlog-response-flags");

  private LocalReply() {}

  static FullHttpResponse of(int status, String flag) {
    byte[] body = (reason(flag) + "\n").getBytes(StandardCharsets.US_ASCII);
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(RESPONSE_FLAGS, flag);
    return response;
  }

  /**
   * A rule's own answer: a direct response's body as plain text, or a redirect's Location. Carries
   * no response flag, as Envoy sets none for either.
   */
  static FullHttpResponse answer(int status, String body, String location) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
    if (bytes.length > 0) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    if (!location.isEmpty()) {
      response.headers().set(HttpHeaderNames.LOCATION, location);
    }
    return response;
  }

  private static String reason(String flag) {
    return switch (flag) {
      case "NR" -> "no route";
      case "NC" -> "no configuration from the control plane yet (proxy not ready)";
      case "UH" -> "no healthy upstream";
      case "UF" -> "upstream connect error or disconnect/reset before headers";
      case "UT" -> "upstream request timeout";
      case "FI" -> "fault filter abort";
      case "DPE" -> "malformed request";
      case "RBAC" -> "RBAC: access denied";
      default -> "proxy error";
    };
  }
}
