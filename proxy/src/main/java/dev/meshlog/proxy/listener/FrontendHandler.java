package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.route.Dispatch;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
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
 * <p>This class is the downstream side and owns an exchange's life: {@code start} routes a
 * request, {@code proceed} carries out the route's decision, {@code complete} ends it and serves
 * the backlog. The rest of the data path lives in per-connection collaborators:
 * {@link UpstreamRelay} (connect, request writes, replay, response relay), {@link ExchangeTimers}
 * (injected delay and route timeout) and {@link LocalResponder} (answers the proxy makes itself).
 */
public abstract class FrontendHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

  private final ConnectionPool pool;
  private final InFlight inFlight;
  private final ArrayDeque<Object> backlog = new ArrayDeque<>(2);
  private ChannelHandlerContext ctx;
  private UpstreamRelay relay;
  private ExchangeTimers timers;
  private UpstreamRetries retries;
  private LocalResponder responder;
  private Exchange exchange;

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

  /** Called once per request once it is routed, before anything is forwarded: the request head may still change. */
  protected void begin(Exchange exchange) {}

  /** Called with the head of the upstream's final (not 1xx) response before it goes to the client. */
  protected void responseHead(Exchange exchange, HttpHeaders headers) {}

  /** Called once per request when it ends, well or not. Must not block or throw. */
  protected void finished(Exchange exchange) {}

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    // Built once per connection, never per request: they only hold this connection's context.
    this.responder = new LocalResponder(this, ctx);
    this.relay = new UpstreamRelay(this, ctx, pool, responder);
    this.retries = relay.retries();
    this.timers = new ExchangeTimers(this, ctx, relay, responder);
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
      responder.rejectMalformed(request);
      return;
    }
    Dispatch routed = route(request);
    Duration delay = Duration.ZERO;
    if (routed instanceof Dispatch.Delayed delayed) {
      delay = delayed.delay();
      routed = delayed.then();
    }
    Exchange ex = new Exchange(relay, routed, request, HttpMethod.HEAD.equals(request.method()));
    exchange = ex;
    inFlight.begin();
    begin(ex);
    if (delay.isZero()) {
      proceed(ex);
    } else {
      timers.hold(ex, delay);
    }
  }

  /** Does what the route decided, at once or after an injected delay. */
  void proceed(Exchange ex) {
    HttpRequest request = ex.request;
    if (ex.dispatch instanceof Dispatch.Forward forward && !forward.host().breaker().tryStartRequest()) {
      // The cluster's request breaker (Istio's http2MaxRequests) is full: 503 UO at once, as Envoy answers.
      ReferenceCountUtil.release(request);
      ex.releasePending();
      responder.fail(ex, 503, "UO");
    } else if (ex.dispatch instanceof Dispatch.Forward forward) {
      ex.host = forward.host(); // counted out of the breaker in finish
      // Once, before the first send: a replay resends this same, already edited, head.
      forward.edits().applyToRequest(request, forward.rewrittenPart());
      if (forward.mirror().isPresent()) {
        ex.shadow = Shadow.start(pool, ctx.channel().eventLoop(), forward.mirror().get(), request, ex.pending);
      }
      forward.active().increment(); // counted out exactly once, in finish (or by a retry moving on)
      retries.begin(ex, forward);
      ex.forwarding = true;
      ex.pending.addFirst(request); // ahead of any body parts read during a delay
      timers.armRouteTimeout(ex);
      relay.acquire(ex, forward);
    } else if (ex.dispatch instanceof Dispatch.Reply reply) {
      ReferenceCountUtil.release(request);
      ex.releasePending();
      responder.answer(ex, reply);
    } else if (ex.dispatch instanceof Dispatch.Fail fail) {
      ReferenceCountUtil.release(request);
      ex.releasePending();
      responder.fail(ex, fail.status(), fail.responseFlag());
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
    if (ex.shadow != null) {
      ex.shadow.send(content.retainedDuplicate());
    }
    if (ex.forwarding) {
      timers.armRouteTimeout(ex);
    }
    if (ex.localReply) {
      // Answered already: the rest of the body is read and dropped to keep the connection.
      content.release();
      if (ex.requestComplete) {
        complete(ex);
      } else {
        ctx.read();
      }
    } else if (ex.upstream == null) {
      retries.bodyRead(ex, content); // before the part goes anywhere: a write releases it
      ex.pending.add(content);
    } else {
      retries.bodyRead(ex, content);
      relay.send(ex, content);
      retries.armPerTry(ex);
    }
  }

  /** Whether {@code ex} is still the exchange this connection serves (a stale callback's is not). */
  boolean isCurrent(Exchange ex) {
    return ex == exchange;
  }

  /** Ends an exchange whose response went out whole, then serves requests read ahead meanwhile. */
  void complete(Exchange ex) {
    finish(ex);
    Object next;
    while ((exchange == null || !exchange.requestComplete) && (next = backlog.poll()) != null) {
      handle(next);
    }
    if (exchange == null && ctx.channel().isActive()) {
      ctx.read();
    }
  }

  /** Settles an exchange exactly once, however it ended: timers, counters, telemetry. */
  void finish(Exchange ex) {
    if (ex.finished) {
      return;
    }
    ex.finished = true;
    timers.cancel(ex);
    if (ex.shadow != null) {
      ex.shadow.exchangeEnded();
    }
    retries.end(ex);
    if (ex.forwarding && ex.dispatch instanceof Dispatch.Forward forward) {
      forward.active().decrement();
    }
    if (ex.host != null) {
      ex.host.breaker().endRequest();
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
      relay.abandon(ex);
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
