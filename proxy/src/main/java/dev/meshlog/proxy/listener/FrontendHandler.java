package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of an HTTP/1.1 relay, one per client connection: routes each request, streams it
 * to a pooled upstream connection on the same event loop, and streams the response back.
 *
 * <p>Backpressure both ways with AUTO_READ off: the client is read again only when the last
 * request part reached the upstream socket, the upstream only when the last response part reached
 * the client's. Between a request's end and its response's end the client is not read at all, so
 * requests are served one at a time; pipelined requests read ahead wait in a backlog.
 *
 * <p>A route's fault delay and timeout are timers on this connection's event loop, cancelled when
 * the exchange ends: no thread waits for a request.
 */
public abstract class FrontendHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

  private final ConnectionPool pool;
  private final InFlight inFlight;
  private final ArrayDeque<Object> backlog = new ArrayDeque<>(2);
  private ChannelHandlerContext ctx;
  private Exchange exchange;
  /** The last response part written to the client in the current upstream read. */
  private ChannelFuture lastResponseWrite;

  protected FrontendHandler(ConnectionPool pool, InFlight inFlight) {
    this.pool = pool;
    this.inFlight = inFlight;
  }

  /** Where this request goes; looked up per request, so a snapshot swap applies to the next one. */
  protected abstract Dispatch route(HttpRequest request);

  /** The downstream peer's IP address, null when the channel has none (e.g. in a test channel). */
  protected String sourceIp() {
    if (ctx == null || !(ctx.channel().remoteAddress() instanceof InetSocketAddress peer)) {
      return null;
    }
    return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
  }

  /** Called once per request when it ends, well or not. Must not block or throw. */
  protected void finished(Exchange exchange) {}

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!backlog.isEmpty() || (exchange != null && exchange.requestComplete)) {
      backlog.add(msg);
      return;
    }
    handle(msg);
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest request) {
      start(request);
    } else if (msg instanceof HttpContent content) {
      requestBody(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void start(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      ReferenceCountUtil.release(request);
      FullHttpResponse bad = LocalReply.of(400, "DPE");
      HttpUtil.setKeepAlive(bad, false);
      ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    Dispatch routed = route(request);
    Duration delay = Duration.ZERO;
    if (routed instanceof Dispatch.Delayed delayed) {
      delay = delayed.delay();
      routed = delayed.then();
    }
    Exchange ex = new Exchange(this, routed, request, HttpMethod.HEAD.equals(request.method()));
    exchange = ex;
    inFlight.begin();
    if (delay.isZero()) {
      proceed(ex);
    } else {
      // Envoy's fault filter holds the request before the router: nothing is read meanwhile, and
      // body parts already read wait in pending.
      ex.flag("DI");
      ex.delayTimer = ctx.executor().schedule(() -> delayOver(ex), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void delayOver(Exchange ex) {
    ex.delayTimer = null;
    if (!ex.finished) {
      proceed(ex);
    }
  }

  /** Does what the route decided, at once or after an injected delay. */
  private void proceed(Exchange ex) {
    HttpRequest request = ex.request;
    if (ex.dispatch instanceof Dispatch.Forward forward) {
      // Once, before the first send: a replay resends this same, already edited, head.
      forward.edits().applyToRequest(request, forward.rewrittenPart());
      forward.active().increment(); // counted out exactly once, in finish
      ex.forwarding = true;
      ex.pending.addFirst(request); // ahead of any body parts read during a delay
      armRouteTimeout(ex);
      acquire(ex, forward);
    } else if (ex.dispatch instanceof Dispatch.Reply reply) {
      ReferenceCountUtil.release(request);
      ex.releasePending();
      FullHttpResponse answer = LocalReply.answer(reply.status(), reply.body(), reply.location());
      reply.responseHeaders().applyTo(answer.headers());
      sendLocal(ex, answer, "-");
    } else if (ex.dispatch instanceof Dispatch.Fail fail) {
      ReferenceCountUtil.release(request);
      ex.releasePending();
      localReply(ex, fail.status(), fail.responseFlag());
    }
  }

  /**
   * Envoy's route timeout runs from the end of the downstream request (the router has it all) to
   * the end of the upstream response, across connect, replay and the whole response body.
   */
  private void armRouteTimeout(Exchange ex) {
    if (ex.routeTimer != null || !ex.requestComplete || ex.localReply || !(ex.dispatch instanceof Dispatch.Forward forward)
        || forward.timeout().isZero()) {
      return;
    }
    ex.routeTimer = ctx.executor().schedule(() -> routeTimedOut(ex), forward.timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Before response headers went downstream: 504 UT, as Envoy answers. After: only resetting the
   * client connection tells the client the response is cut short. Either way the upstream
   * connection is mid-exchange, so it is closed, never pooled.
   */
  private void routeTimedOut(Exchange ex) {
    ex.routeTimer = null;
    if (ex.finished || ex.responseComplete) {
      return;
    }
    Channel up = ex.upstream;
    ex.upstream = null;
    if (up != null) {
      BackendHandler backend = up.pipeline().get(BackendHandler.class);
      if (backend != null) {
        backend.detach();
      }
      up.close();
    }
    ex.releasePending();
    if (!ex.responseStarted && !ex.interim) {
      localReply(ex, 504, "UT");
    } else {
      ex.flag("UT");
      lastResponseWrite = null;
      ctx.flush();
      ctx.close();
      finish(ex);
    }
  }

  private void acquire(Exchange ex, Dispatch.Forward forward) {
    Future<Channel> upstream = pool.acquire(ctx.channel().eventLoop(), forward.endpoint().socketAddress());
    if (upstream.isDone()) {
      connected(ex, upstream);
    } else {
      upstream.addListener(f -> connected(ex, upstream));
    }
  }

  private void requestBody(HttpContent content) {
    Exchange ex = exchange;
    if (ex == null) {
      content.release();
      return;
    }
    if (content.decoderResult().isFailure()) {
      // A malformed body (bad chunk framing): nothing after it can be trusted.
      content.release();
      ctx.close();
      return;
    }
    ex.requestBytes += content.content().readableBytes();
    ex.requestComplete = content instanceof LastHttpContent;
    if (ex.forwarding) {
      armRouteTimeout(ex);
    }
    if (ex.localReply) {
      content.release();
      if (ex.requestComplete) {
        complete(ex);
      } else {
        ctx.read();
      }
    } else if (ex.upstream == null) {
      ex.pending.add(content);
    } else {
      ChannelFuture write = ex.upstream.writeAndFlush(content);
      write.addListener(ex.requestComplete ? ChannelFutureListener.CLOSE_ON_FAILURE : requestWritten(ex));
    }
  }

  private void connected(Exchange ex, Future<Channel> upstream) {
    if (ex.finished) {
      // The client left while we connected; the connection itself is clean.
      if (upstream.isSuccess()) {
        pool.release(upstream.getNow());
      }
      return;
    }
    if (!upstream.isSuccess() || !upstream.getNow().isActive()) {
      ex.releasePending();
      localReply(ex, 503, "UF");
      return;
    }
    Channel up = upstream.getNow();
    ex.upstream = up;
    ex.upstreamWasReused = ConnectionPool.isReused(up);
    up.pipeline().get(BackendHandler.class).attach(ex);
    ChannelFuture last = null;
    HttpObject part;
    while ((part = ex.pending.poll()) != null) {
      last = up.write(part);
    }
    up.flush();
    if (last != null) {
      last.addListener(ex.requestComplete ? ChannelFutureListener.CLOSE_ON_FAILURE : requestWritten(ex));
    }
    // AUTO_READ is off: without this read the response would never be read.
    up.read();
  }

  private ChannelFutureListener requestWritten(Exchange ex) {
    return f -> {
      if (!f.isSuccess()) {
        f.channel().close();
      } else if (exchange == ex && !ex.requestComplete && !ex.localReply) {
        ctx.read();
      }
    };
  }

  void responseRead(Exchange ex, HttpObject part) {
    if (ex != exchange || ex.finished) {
      ReferenceCountUtil.release(part);
      return;
    }
    if (part.decoderResult().isFailure()) {
      // Not HTTP: drop the connection; upstreamClosed answers 503 or cuts the response short.
      ReferenceCountUtil.release(part);
      ex.replayed = true;
      ex.upstream.close();
      return;
    }
    if (part instanceof HttpResponse response) {
      int code = response.status().code();
      ex.interim = code >= 100 && code < 200 && code != 101;
      if (!ex.interim) {
        ex.responseStarted = true;
        ex.status = code;
        ex.upstreamReusable &= HttpUtil.isKeepAlive(response);
      }
      prepareResponse(ex, response, code);
    }
    if (part instanceof HttpContent content) {
      ex.responseBytes += content.content().readableBytes();
    }
    boolean last = part instanceof LastHttpContent;
    if (!last || ex.interim) {
      ex.interim &= !last;
      lastResponseWrite = ctx.write(part);
      return;
    }
    ex.responseComplete = true;
    lastResponseWrite = null;
    ChannelFuture done = ctx.writeAndFlush(part);
    ex.lastWrite = done;
    Channel up = ex.upstream;
    ex.upstream = null;
    up.pipeline().get(BackendHandler.class).detach();
    if (ex.requestComplete && ex.upstreamReusable) {
      pool.release(up);
    } else {
      up.close();
    }
    if (!ex.requestComplete) {
      // Answered before the whole body arrived: the rest can be neither relayed nor skipped safely.
      done.addListener(ChannelFutureListener.CLOSE);
    }
    complete(ex);
  }

  void responseBatchRead(Exchange ex) {
    if (ex != exchange || ex.finished || ex.upstream == null) {
      return;
    }
    Channel up = ex.upstream;
    ChannelFuture write = lastResponseWrite;
    lastResponseWrite = null;
    ctx.flush();
    if (write == null) {
      up.read();
    } else {
      write.addListener(f -> {
        if (f.isSuccess() && ex.upstream == up && !ex.responseComplete) {
          up.read();
        }
      });
    }
  }

  void upstreamClosed(Exchange ex) {
    if (ex != exchange || ex.finished || ex.responseComplete) {
      return;
    }
    ex.upstream = null;
    ex.releasePending();
    if (ex.replayable() && ex.dispatch instanceof Dispatch.Forward forward) {
      ex.replayed = true;
      ex.pending.add(ex.request);
      ex.pending.add(LastHttpContent.EMPTY_LAST_CONTENT);
      acquire(ex, forward);
    } else if (!ex.responseStarted) {
      localReply(ex, 503, "UF");
    } else {
      // A truncated response: only closing the connection tells the client.
      ex.flag("UC");
      lastResponseWrite = null;
      ctx.flush();
      ctx.close();
      finish(ex);
    }
  }

  private void prepareResponse(Exchange ex, HttpResponse response, int code) {
    HopByHopHeaders.strip(response.headers());
    if (!ex.interim && ex.dispatch instanceof Dispatch.Forward forward) {
      forward.edits().applyToResponse(response.headers());
    }
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (!ex.interim && !ex.head && code != 204 && code != 304
        && !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response)) {
      // A body delimited by the upstream closing: chunk it so the client connection survives.
      HttpUtil.setTransferEncodingChunked(response, true);
    }
  }

  private void localReply(Exchange ex, int status, String flag) {
    sendLocal(ex, LocalReply.of(status, flag), flag);
  }

  private void sendLocal(Exchange ex, FullHttpResponse reply, String flag) {
    ex.localReply = true;
    ex.responseStarted = true;
    ex.status = reply.status().code();
    ex.flag(flag);
    if (reply.headers().contains(LocalReply.RESPONSE_FLAGS)) {
      // An injected delay before this answer shows too ("DI,FI").
      reply.headers().set(LocalReply.RESPONSE_FLAGS, ex.flags);
    }
    ex.responseBytes = reply.content().readableBytes();
    ex.lastWrite = ctx.writeAndFlush(reply);
    if (ex.requestComplete) {
      complete(ex);
    } else {
      ctx.read();
    }
  }

  private void complete(Exchange ex) {
    finish(ex);
    Object next;
    while ((exchange == null || !exchange.requestComplete) && (next = backlog.poll()) != null) {
      handle(next);
    }
    if (exchange == null && ctx.channel().isActive()) {
      ctx.read();
    }
  }

  private void finish(Exchange ex) {
    if (ex.finished) {
      return;
    }
    ex.finished = true;
    ex.cancelTimers();
    if (ex.forwarding && ex.dispatch instanceof Dispatch.Forward forward) {
      forward.active().decrement();
    }
    if (exchange == ex) {
      exchange = null;
    }
    if (ex.lastWrite == null || ex.lastWrite.isDone()) {
      inFlight.end();
    } else {
      ex.lastWrite.addListener(f -> inFlight.end());
    }
    try {
      finished(ex);
    } catch (RuntimeException e) {
      log.warn("request completion hook failed", e);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange ex = exchange;
    if (ex != null && !ex.finished) {
      if (!ex.responseComplete && ("-".equals(ex.flags) || "DI".equals(ex.flags))) {
        ex.flag("DC");
      }
      ex.releasePending();
      Channel up = ex.upstream;
      ex.upstream = null;
      if (up != null) {
        BackendHandler backend = up.pipeline().get(BackendHandler.class);
        if (backend != null) {
          backend.detach();
        }
        up.close();
      }
      finish(ex);
    }
    Object stale;
    while ((stale = backlog.poll()) != null) {
      ReferenceCountUtil.release(stale);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (log.isDebugEnabled()) {
      log.debug("closing client connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
