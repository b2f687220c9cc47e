package dev.meshlog.proxy.overload;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** The answer to a shed request: 503 with Envoy's overload header (here x-meshlog-) and flag OM. */
public final class OverloadReply {

  /** Envoy's {@code x-envoy-overloaded}: tells a client (or its retry policy) that the proxy, not the app, refused. */
  public static final AsciiString OVERLOADED = AsciiString.cached("x-meshlog-overloaded");
  /** The response flag of a shed request, as Envoy's overload manager sets it. */
  public static final String FLAG = "OM";

  private static final AsciiString RESPONSE_FLAGS = AsciiString.cached("x-meshlog-response-flags");
  private static final AsciiString TRUE = AsciiString.cached("true");
  private static final byte[] BODY = "envoy overloaded\n".getBytes(StandardCharsets.US_ASCII);

  private OverloadReply() {}

  static FullHttpResponse create() {
    // A wrapped constant: no allocation but the response object and its headers.
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE,
        Unpooled.wrappedBuffer(BODY));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
        .set(OVERLOADED, TRUE)
        .set(RESPONSE_FLAGS, FLAG);
    return response;
  }

  static int bodyLength() {
    return BODY.length;
  }
}
