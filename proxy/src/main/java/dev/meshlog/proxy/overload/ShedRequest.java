package dev.meshlog.proxy.overload;

import dev.meshlog.proxy.telemetry.PeerMetadata;
import dev.meshlog.proxy.telemetry.RequestLine;
import dev.meshlog.proxy.telemetry.RequestOutcome;
import io.netty.handler.codec.http.HttpRequest;

/** What telemetry and the access log report of a shed request: no route, no upstream, 503 OM. */
final class ShedRequest {

  private final long startMillis = System.currentTimeMillis();
  private final long startNanos = System.nanoTime();
  private final RequestLine line;
  long requestBytes;
  boolean answered;
  /** Its body was read to the end. */
  boolean complete;
  /** Its connection is still open. */
  boolean open = true;
  boolean reported;

  /** @param withRequestLine whether a sink (the access log) shows the request line; read before the request is released */
  ShedRequest(HttpRequest request, boolean withRequestLine) {
    this.line = withRequestLine ? RequestLine.of(request, request.uri()) : RequestLine.NONE;
  }

  RequestOutcome outcome(RequestOutcome.Side side) {
    long micros = (System.nanoTime() - startNanos) / 1_000;
    return new RequestOutcome(startMillis, RequestOutcome.UNKNOWN, RequestOutcome.UNKNOWN, RequestOutcome.UNKNOWN,
        RequestOutcome.UNKNOWN, "", 503, OverloadReply.FLAG, micros, requestBytes, OverloadReply.bodyLength(), "http", line,
        "-", "-", RequestOutcome.UNKNOWN, RequestOutcome.UNKNOWN, RequestOutcome.UNKNOWN, side, RequestOutcome.UNKNOWN, "",
        PeerMetadata.NONE);
  }
}
