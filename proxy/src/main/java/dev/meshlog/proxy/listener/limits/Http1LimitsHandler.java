package dev.meshlog.proxy.listener.limits;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Right after the HTTP/1.1 codec: turns what the codec could not parse into the status a client
 * can act on (414 long request line, 431 header block too large, 400 anything else malformed,
 * including request smuggling attempts), refuses requests with too many header fields (431), counts
 * each, and closes the connection after the answer since nothing after a framing error can be
 * trusted. It also tells the {@link DownstreamTimeoutsHandler} when a request's headers are in and
 * when the exchange is over. Everything else passes untouched.
 */
final class Http1LimitsHandler extends ChannelDuplexHandler {

  /** As the proxy's other local replies flag a downstream protocol error (Envoy's DPE). */
  private static final AsciiString RESPONSE_FLAGS = AsciiString.cached("x-meshlog-response-flags");

  private final ListenerGuard guard;
  private DownstreamTimeoutsHandler timeouts;
  /** Requests read whose final response has not been written completely. */
  private int outstanding;
  private boolean requestOpen;
  private boolean responseStarted;
  private boolean interim;
  /** Refused: nothing more is read from this connection. */
  private boolean refused;

  Http1LimitsHandler(ListenerGuard guard) {
    this.guard = guard;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timeouts = ctx.pipeline().get(DownstreamTimeoutsHandler.class);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      Rejection problem = check(request);
      if (problem != null) {
        ReferenceCountUtil.release(msg);
        refuse(ctx, problem);
        return;
      }
      outstanding++;
      requestOpen = !(msg instanceof LastHttpContent);
      if (timeouts != null) {
        timeouts.headersReceived();
      }
    } else if (msg instanceof HttpContent content) {
      if (content.decoderResult().isFailure()) {
        // Bad chunk framing mid-body: answerable only if no response began.
        ReferenceCountUtil.release(msg);
        refuse(ctx, Rejection.MALFORMED_REQUEST);
        return;
      }
      if (msg instanceof LastHttpContent) {
        requestOpen = false;
        exchangeMaybeEnded();
      }
    }
    ctx.fireChannelRead(msg);
  }

  private Rejection check(HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongHttpLineException) {
        return Rejection.REQUEST_LINE_TOO_LONG;
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return Rejection.HEADERS_TOO_LARGE;
      }
      return Rejection.MALFORMED_REQUEST;
    }
    if (request.headers().size() > guard.limits().maxRequestHeaders()) {
      return Rejection.TOO_MANY_HEADERS;
    }
    return null;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      int code = response.status().code();
      interim = code >= 100 && code < 200;
      responseStarted |= !interim;
    }
    if (msg instanceof LastHttpContent) {
      if (interim) {
        interim = false;
      } else {
        outstanding--;
        responseStarted = false;
        exchangeMaybeEnded();
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException && cause.getCause() instanceof IllegalStateException state
        && String.valueOf(state.getMessage()).startsWith("maxPipelineDepth")) {
      // The codec refused more requests read ahead of their responses than allowed.
      refused = true;
      guard.count(Rejection.PIPELINE_TOO_DEEP);
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  private void exchangeMaybeEnded() {
    if (outstanding <= 0 && !requestOpen && timeouts != null) {
      timeouts.exchangeEnded();
    }
  }

  private void refuse(ChannelHandlerContext ctx, Rejection reason) {
    refused = true;
    guard.count(reason);
    if (outstanding > 0 && (responseStarted || !requestOpen)) {
      // A response is (or will be) on its way for an earlier request: an answer now would garble it.
      ctx.close();
      return;
    }
    byte[] body = (reason.label().replace('_', ' ') + "\n").getBytes(StandardCharsets.US_ASCII);
    FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reason.status()), Unpooled.wrappedBuffer(body));
    answer.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(RESPONSE_FLAGS, "DPE");
    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
  }
}
