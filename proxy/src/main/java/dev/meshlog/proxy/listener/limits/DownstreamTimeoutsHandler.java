package dev.meshlog.proxy.listener.limits;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A downstream connection's two timers, at the byte level (first in the pipeline, before TLS):
 *
 * <ul>
 *   <li>request headers timeout: armed by the first byte of a request (of the connection, before
 *       TLS and protocol detection, or of the next request on a kept-alive one) and disarmed when
 *       {@link Http1LimitsHandler} saw the request's headers; when it fires, HTTP/1.1 clients get
 *       408 and the connection closes. A slowloris client trickling header bytes is cut off here.
 *   <li>idle timeout: while no request is in flight (HTTP/1.1) or no stream is open (HTTP/2), a
 *       connection with no byte either way for this long is closed, as Envoy's {@code idle_timeout}.
 * </ul>
 *
 * Confined to the connection's event loop.
 */
final class DownstreamTimeoutsHandler extends ChannelDuplexHandler {

  private static final byte[] TIMED_OUT = "request headers timeout\n".getBytes(StandardCharsets.US_ASCII);

  private enum State { IDLE, HEADERS, BUSY }

  private final ListenerGuard guard;
  private final long headersNanos;
  private final long idleNanos;
  private ChannelHandlerContext ctx;
  private State state = State.IDLE;
  /** HTTP/2: whether streams are open (the connection is then busy); null on HTTP/1.1. */
  private BooleanSupplier streamsOpen;
  private long lastActivity;
  private ScheduledFuture<?> headersTimer;
  private ScheduledFuture<?> idleTimer;

  DownstreamTimeoutsHandler(ListenerGuard guard) {
    this.guard = guard;
    this.headersNanos = guard.limits().requestHeadersTimeout().toNanos();
    this.idleNanos = guard.limits().idleTimeout().toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    lastActivity = now();
    if (ctx.channel().isActive() && idleTimer == null) {
      armIdle(idleNanos);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    lastActivity = now();
    if (idleTimer == null) {
      armIdle(idleNanos);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastActivity = now();
    if (state == State.IDLE && streamsOpen == null) {
      state = State.HEADERS;
      headersTimer = ctx.executor().schedule(this::headersTimedOut, headersNanos, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    lastActivity = now();
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  /** A request's headers arrived whole: it is in flight until {@link #exchangeEnded()}. */
  void headersReceived() {
    if (headersTimer != null) {
      headersTimer.cancel(false);
      headersTimer = null;
    }
    state = State.BUSY;
  }

  /** The request and its response are done: the next byte starts the next request's headers. */
  void exchangeEnded() {
    state = State.IDLE;
    lastActivity = now();
  }

  /** The connection speaks HTTP/2: streams have their own limits; only the idle timeout stays. */
  void http2(BooleanSupplier streamsOpen) {
    this.streamsOpen = streamsOpen;
    if (headersTimer != null) {
      headersTimer.cancel(false);
      headersTimer = null;
    }
    state = State.IDLE;
  }

  private void headersTimedOut() {
    headersTimer = null;
    if (state != State.HEADERS || !ctx.channel().isActive()) {
      return;
    }
    guard.count(Rejection.REQUEST_HEADERS_TIMEOUT);
    if (ctx.pipeline().get(HttpServerCodec.class) != null) {
      // From the tail, so the codec frames it; no request is in flight to interleave with.
      FullHttpResponse timedOut = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
          Unpooled.wrappedBuffer(TIMED_OUT));
      timedOut.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, TIMED_OUT.length)
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.channel().writeAndFlush(timedOut).addListener(ChannelFutureListener.CLOSE);
    } else {
      // Still in the TLS handshake or before the protocol is known: nothing to answer in.
      ctx.close();
    }
  }

  private void armIdle(long delayNanos) {
    idleTimer = ctx.executor().schedule(this::idleCheck, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void idleCheck() {
    idleTimer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    boolean busy = streamsOpen != null ? streamsOpen.getAsBoolean() : state != State.IDLE;
    long idleFor = now() - lastActivity;
    if (busy || idleFor < idleNanos) {
      armIdle(busy ? idleNanos : idleNanos - idleFor);
      return;
    }
    guard.count(Rejection.IDLE_TIMEOUT);
    ctx.channel().close();
  }

  /** The event loop's clock, so a test's mock ticker drives both timers. */
  private long now() {
    return ctx.executor().ticker().nanoTime();
  }

  private void cancel() {
    if (headersTimer != null) {
      headersTimer.cancel(false);
      headersTimer = null;
    }
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }
}
