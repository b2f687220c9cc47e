package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.mtls.ConnectionSecurity;
import dev.meshlog.proxy.mtls.UpstreamSecurity;
import dev.meshlog.proxy.retry.AttemptFailure;
import dev.meshlog.proxy.circuit.CircuitOverflow;
import dev.meshlog.proxy.route.Dispatch;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

/**
 * The upstream side of a client connection's exchanges, one per client connection: takes a pooled
 * upstream connection, writes the request to it, replays a request the pool's stale connection
 * lost, and relays the response to the client. {@link BackendHandler} feeds it the response.
 */
final class UpstreamRelay {

  private static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");

  private final FrontendHandler frontend;
  /** The client connection the responses go to. */
  private final ChannelHandlerContext client;
  private final ConnectionPool pool;
  private final LocalResponder responder;
  private final UpstreamRetries retries;
  /** The last response part written to the client in the current upstream read. */
  private ChannelFuture lastResponseWrite;

  UpstreamRelay(FrontendHandler frontend, ChannelHandlerContext client, ConnectionPool pool, LocalResponder responder) {
    this.frontend = frontend;
    this.client = client;
    this.pool = pool;
    this.responder = responder;
    this.retries = new UpstreamRetries(frontend, client, this, responder);
  }

  UpstreamRetries retries() {
    return retries;
  }

  /** The client connection's security (mTLS with the peer's principal, or plain), for inbound reports. */
  ConnectionSecurity clientSecurity() {
    return ConnectionSecurity.of(client.channel());
  }

  void acquire(Exchange ex, Dispatch.Forward forward) {
    Channel downstream = client.channel();
    // Mesh mTLS or plain, per the cluster's tls mode (or auto mTLS) and the endpoint's identity.
    UpstreamSecurity security = pool.tls().decide(forward.cluster().tls(), forward.endpoint().identity());
    Future<Channel> upstream = downstream.hasAttr(Http2Downstream.UPSTREAM) // the downstream protocol (USE_DOWNSTREAM_PROTOCOL)
        ? downstream.attr(Http2Downstream.UPSTREAM).get().acquire(downstream.eventLoop(), forward.endpoint().socketAddress(),
            security)
        : pool.acquire(downstream.eventLoop(), forward.host(), security);
    ex.connecting = upstream;
    if (upstream.isDone()) {
      connected(ex, upstream);
    } else {
      upstream.addListener(f -> connected(ex, upstream));
    }
  }

  private void connected(Exchange ex, Future<Channel> upstream) {
    ex.connecting = null;
    if (ex.finished) {
      // The client left while we connected; the connection itself is clean.
      if (upstream.isSuccess()) {
        release(upstream.getNow());
      }
      return;
    }
    if (upstream.isCancelled()) {
      return;
    }
    if (upstream.cause() instanceof CircuitOverflow) {
      // Envoy's pending-request breaker: no connection and no room to wait for one.
      ex.releasePending();
      responder.fail(ex, 503, "UO");
      return;
    }
    if (!upstream.isSuccess() || !upstream.getNow().isActive()) {
      ex.attemptHost().failedLocally(); // outlier detection: a connect failure counts as a 503
      if (retries.retryFailure(ex, AttemptFailure.CONNECT_FAILURE)) {
        return;
      }
      ex.releasePending();
      responder.fail(ex, 503, "UF");
      return;
    }
    Channel up = upstream.getNow();
    ex.upstream = up;
    ex.upstreamWasReused = ConnectionPool.isReused(up);
    ex.upstreamSecurity = ConnectionSecurity.of(up);
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
    retries.armPerTry(ex);
  }

  /** Streams a request body part read once the upstream connection was ready. */
  void send(Exchange ex, HttpContent content) {
    ChannelFuture write = ex.upstream.writeAndFlush(content);
    write.addListener(ex.requestComplete ? ChannelFutureListener.CLOSE_ON_FAILURE : requestWritten(ex));
  }

  /** Backpressure: the client is read for more body only once this part reached the upstream socket. */
  private ChannelFutureListener requestWritten(Exchange ex) {
    return f -> {
      if (!f.isSuccess()) {
        f.channel().close();
      } else if (frontend.isCurrent(ex) && !ex.requestComplete && !ex.localReply) {
        client.read();
      }
    };
  }

  void responseRead(Exchange ex, HttpObject part) {
    if (!frontend.isCurrent(ex) || ex.finished) {
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
      boolean interim = code >= 100 && code < 200 && code != 101;
      if (!interim) {
        ex.attemptHost().responded(code); // outlier detection sees every attempt's final status
      }
      if (retries.retryResponse(ex, response)) {
        ReferenceCountUtil.release(part);
        return;
      }
      ex.interim = interim;
      if (!ex.interim) {
        ex.responseStarted = true;
        ex.status = code;
        grpcStatus(ex, response.headers());
        ex.upstreamReusable &= HttpUtil.isKeepAlive(response);
      }
      prepareResponse(ex, response, code);
    }
    if (part instanceof HttpContent content) {
      ex.responseBytes += content.content().readableBytes();
    }
    boolean last = part instanceof LastHttpContent;
    if (last && !ex.interim) {
      grpcStatus(ex, ((LastHttpContent) part).trailingHeaders());
    }
    if (!last || ex.interim) {
      ex.interim &= !last;
      lastResponseWrite = client.write(part);
      return;
    }
    ex.responseComplete = true;
    lastResponseWrite = null;
    ChannelFuture done = client.writeAndFlush(part);
    ex.lastWrite = done;
    Channel up = ex.upstream;
    ex.upstream = null;
    up.pipeline().get(BackendHandler.class).detach();
    if (ex.requestComplete && ex.upstreamReusable) {
      release(up);
    } else {
      up.close();
    }
    if (!ex.requestComplete) {
      // Answered before the whole body arrived: the rest can be neither relayed nor skipped safely.
      done.addListener(ChannelFutureListener.CLOSE);
    }
    frontend.complete(ex);
  }

  /** Backpressure: the upstream is read again only once what this read produced reached the client. */
  void responseBatchRead(Exchange ex) {
    if (!frontend.isCurrent(ex) || ex.finished || ex.upstream == null) {
      return;
    }
    Channel up = ex.upstream;
    ChannelFuture write = lastResponseWrite;
    lastResponseWrite = null;
    client.flush();
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
    if (!frontend.isCurrent(ex) || ex.finished || ex.responseComplete) {
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
      ex.attemptHost().failedLocally(); // lost before any response: a 503 for outlier detection
      AttemptFailure failure = ex.refusedStream ? AttemptFailure.REFUSED_STREAM : AttemptFailure.RESET;
      ex.refusedStream = false; // the next attempt starts clean
      if (!retries.retryFailure(ex, failure)) {
        responder.fail(ex, 503, "UF");
      }
    } else {
      // A truncated response: only closing the connection tells the client.
      cutShort(ex, "UC");
    }
  }

  /**
   * Ends an exchange whose response headers already went downstream: only resetting the client
   * connection tells the client the response is incomplete.
   */
  void cutShort(Exchange ex, String flag) {
    ex.flag(flag);
    lastResponseWrite = null;
    client.flush();
    client.close();
    frontend.finish(ex);
  }

  /**
   * Drops the exchange's upstream connection, if it has one, without hearing from it again: it is
   * mid-exchange, so it is closed, never pooled.
   */
  void abandon(Exchange ex) {
    if (ex.connecting != null) {
      ex.connecting.cancel(false); // leaves the pending queue if it waits there
      ex.connecting = null;
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
  }

  /** An h2 stream is never reused (closing it resets it if still open); an HTTP/1.1 connection goes back to the pool. */
  private void release(Channel up) {
    if (up instanceof Http2StreamChannel) {
      up.close();
    } else {
      pool.release(up);
    }
  }

  /** gRPC's status rides in the trailers, or in the headers of a trailers-only response: telemetry reports it. */
  private static void grpcStatus(Exchange ex, HttpHeaders headers) {
    if (!headers.isEmpty()) {
      String status = headers.get(GRPC_STATUS);
      if (status != null) {
        ex.grpcStatus = status;
      }
    }
  }

  private void prepareResponse(Exchange ex, HttpResponse response, int code) {
    HopByHopHeaders.strip(response.headers());
    if (!ex.interim) {
      frontend.responseHead(ex, response.headers());
    }
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
}
