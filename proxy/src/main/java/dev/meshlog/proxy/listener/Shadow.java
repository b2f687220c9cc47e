package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.mtls.UpstreamSecurity;
import dev.meshlog.proxy.route.Dispatch;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The mirrored copy of one request (Istio's {@code mirror}, Envoy's shadow): fire and forget. It
 * follows the real request part by part on a pooled connection of the same event loop, plain or
 * mesh mTLS as the mirror cluster's tls mode and endpoint identity decide, and its response is read
 * and dropped; a failed handshake or refused server identity abandons the copy. It never slows the
 * real request: what it cannot send at once (the connection is not up or its handshake not done, or
 * it is not writable) is buffered up to a bound, beyond which the copy is abandoned; it is abandoned
 * too when the real request ends before its body did.
 */
final class Shadow {

  /** Request bytes a copy may hold while its connection comes up. */
  static final int MAX_BUFFERED_BYTES = 64 * 1024;
  /** A mirror that never answers must not hold its connection forever (Envoy's shadows time out too). */
  private static final Duration MAX_LIFETIME = Duration.ofSeconds(30);

  private final ConnectionPool pool;
  private final ArrayDeque<HttpObject> pending = new ArrayDeque<>(2);
  private final ScheduledFuture<?> deadline;
  private int buffered;
  private Channel upstream;
  private boolean requestComplete;
  /** A 1xx response is being read; its end is not the end of the response. */
  private boolean interim;
  private boolean done;

  private Shadow(ConnectionPool pool, EventLoop loop, HttpRequest copy) {
    this.pool = pool;
    this.pending.add(copy);
    this.deadline = loop.schedule(this::abandon, MAX_LIFETIME.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the copy of {@code request} (as it goes upstream, with {@code -shadow} on its host, as
   * Envoy marks it) and of the body parts read so far. Call on the client connection's event loop.
   */
  static Shadow start(ConnectionPool pool, EventLoop loop, Dispatch.Mirror mirror, HttpRequest request,
      Iterable<HttpObject> bodyRead) {
    HttpRequest copy = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
        request.headers().copy());
    String host = copy.headers().get(HttpHeaderNames.HOST);
    if (host != null) {
      copy.headers().set(HttpHeaderNames.HOST, shadowHost(host));
    }
    Shadow shadow = new Shadow(pool, loop, copy);
    for (HttpObject part : bodyRead) {
      if (part instanceof HttpContent content) {
        shadow.send(content.retainedDuplicate());
      }
    }
    // Secured like a real request to that endpoint: a STRICT mirror target would refuse plain text.
    UpstreamSecurity security = pool.tls().decide(mirror.cluster().tls(), mirror.endpoint().identity());
    Future<Channel> connect = pool.acquire(loop, mirror.endpoint().socketAddress(), security);
    if (connect.isDone()) {
      shadow.connected(connect);
    } else {
      connect.addListener(f -> shadow.connected(connect));
    }
    return shadow;
  }

  /** {@code reviews:8080} -> {@code reviews-shadow:8080}, as Envoy suffixes the host before any port. */
  static String shadowHost(String host) {
    int colon = host.lastIndexOf(':');
    boolean hasPort = colon > 0 && host.indexOf(']') < colon && (host.startsWith("[") || host.indexOf(':') == colon);
    return hasPort ? host.substring(0, colon) + "-shadow" + host.substring(colon) : host + "-shadow";
  }

  /** The next request part; the shadow owns it (pass a retained duplicate). */
  void send(HttpContent part) {
    if (done) {
      part.release();
      return;
    }
    requestComplete = part instanceof LastHttpContent;
    if (upstream == null) {
      buffered += part.content().readableBytes();
      pending.add(part);
      if (buffered > MAX_BUFFERED_BYTES) {
        abandon();
      }
    } else if (upstream.isWritable()) {
      upstream.writeAndFlush(part).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    } else {
      part.release();
      abandon();
    }
  }

  /** The real exchange ended; a copy whose body did not end with it can never be completed. */
  void exchangeEnded() {
    if (!requestComplete) {
      abandon();
    }
  }

  private void connected(Future<Channel> connect) {
    if (!connect.isSuccess() || !connect.getNow().isActive()) {
      abandon();
      return;
    }
    Channel up = connect.getNow();
    if (done) {
      pool.release(up); // nothing was written: the connection is clean
      return;
    }
    upstream = up;
    up.pipeline().get(BackendHandler.class).attachShadow(this);
    HttpObject part;
    while ((part = pending.poll()) != null) {
      up.write(part).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
    up.flush();
    up.read();
  }

  /** A part of the mirror's response: dropped; the end of the final response frees the connection. */
  void responseRead(HttpObject part) {
    if (part instanceof HttpResponse response) {
      int code = response.status().code();
      interim = code >= 100 && code < 200;
    }
    boolean last = part instanceof LastHttpContent && !interim;
    if (part instanceof LastHttpContent) {
      interim = false;
    }
    ReferenceCountUtil.release(part);
    if (last && !done) {
      done = true;
      deadline.cancel(false);
      Channel up = upstream;
      up.pipeline().get(BackendHandler.class).detach();
      if (requestComplete) {
        pool.release(up);
      } else {
        up.close();
      }
    }
  }

  void responseBatchRead() {
    if (!done && upstream != null) {
      upstream.read();
    }
  }

  /** The mirror's connection closed under it. */
  void upstreamClosed() {
    abandon();
  }

  void abandon() {
    if (done) {
      return;
    }
    done = true;
    deadline.cancel(false);
    HttpObject part;
    while ((part = pending.poll()) != null) {
      ReferenceCountUtil.release(part);
    }
    Channel up = upstream;
    if (up != null) {
      up.pipeline().get(BackendHandler.class).detach();
      up.close();
    }
  }
}
