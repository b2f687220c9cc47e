package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.circuit.UpstreamHost;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.telemetry.RequestLine;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One request/response relayed through a client connection. Confined to that connection's event
 * loop (the upstream connection shares it), so plain fields suffice.
 */
public final class Exchange {

  private static final Set<HttpMethod> IDEMPOTENT = Set.of(
      HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

  /** The client connection's upstream side, which the upstream connection's response goes to. */
  final UpstreamRelay relay;
  /**
   * What the request gets once any injected delay is over (never {@link Dispatch.Delayed}); a retry
   * replaces it with the forward to the endpoint the next attempt goes to.
   */
  Dispatch dispatch;
  /** The request head, kept (it holds no buffer) so a stale connection's replay or a retry can resend it. */
  final HttpRequest request;
  /** The path the client sent, before any rewrite (the access log shows it, as Envoy's does). */
  private final String originalPath;
  final boolean head;
  final long startMillis = System.currentTimeMillis();
  private final long startNanos = System.nanoTime();

  /** Request parts read before the upstream connection was ready. */
  final ArrayDeque<HttpObject> pending = new ArrayDeque<>(2);
  Channel upstream;
  boolean upstreamWasReused;
  /** The last upstream connection's security (mTLS and the server's principal, or plain); null before one. */
  dev.meshlog.proxy.mtls.ConnectionSecurity upstreamSecurity;
  /** The current attempt's HTTP/2 stream was reset with REFUSED_STREAM (Istio retries that by default). */
  boolean refusedStream;
  boolean replayed;
  /** The write of the final response part; the request counts as in flight until it completes. */
  ChannelFuture lastWrite;

  boolean requestComplete;
  boolean responseStarted;
  boolean responseComplete;
  /** A 1xx response is being relayed; its end is not the end of the exchange. */
  boolean interim;
  /** The proxy answered itself; the rest of the request body is read and dropped. */
  boolean localReply;
  boolean upstreamReusable = true;
  boolean finished;
  /** The request went to an upstream: counted in the endpoint's active requests, counted out in finish. */
  boolean forwarding;
  /** The mirrored copy of this request, null when it is not mirrored. */
  Shadow shadow;
  /**
   * The forward's endpoint once the cluster's request breaker admitted it: outcomes are reported
   * to it, and it is counted out of the breaker in finish. Null until then.
   */
  UpstreamHost host;
  /** The pool's answer while the request waits for a connection (cancelled if the exchange ends first). */
  Future<Channel> connecting;
  /** An injected delay holding the request ({@link ExchangeTimers}); cancelled when the exchange ends first. */
  ScheduledFuture<?> delayTimer;
  /** The route timeout, armed once the request is complete and forwarding; cancelled when the exchange ends. */
  ScheduledFuture<?> routeTimer;
  /** Retry state of a forward whose route retries ({@link UpstreamRetries}); null otherwise. */
  Attempts attempts;

  int status;
  String flags = "-";
  /** The response's grpc-status (trailers, or the headers of a trailers-only response), "" when none. */
  String grpcStatus = "";
  long requestBytes;
  long responseBytes;
  /**
   * The other sidecar's {@code x-meshlog-peer} labels: the caller's (inbound, from the request) or the
   * server's (outbound, from the response); null while none came.
   */
  dev.meshlog.proxy.telemetry.PeerMetadata peer;

  Exchange(UpstreamRelay relay, Dispatch dispatch, HttpRequest request, boolean head) {
    this.relay = relay;
    this.dispatch = dispatch;
    this.request = request;
    this.head = head;
    this.originalPath = request.uri();
  }

  /**
   * A pooled connection died before any response: the upstream closed it idle as we sent. An
   * idempotent request without a body can go again, once, on another connection (as HTTP clients do).
   */
  boolean replayable() {
    return upstreamWasReused && !replayed && !responseStarted && requestComplete && requestBytes == 0
        && IDEMPOTENT.contains(request.method());
  }

  /** The request line and headers the access log shows. Call when the exchange ends. */
  public RequestLine requestLine() {
    return RequestLine.of(request, originalPath);
  }

  /**
   * The live state of the endpoint the current attempt went to (a retry moves on to another), which
   * outlier detection hears each attempt's outcome through; null when the request is not forwarded.
   */
  UpstreamHost attemptHost() {
    return dispatch instanceof Dispatch.Forward forward ? forward.host() : null;
  }

  public Dispatch dispatch() {
    return dispatch;
  }

  public long startMillis() {
    return startMillis;
  }

  public long durationMicros() {
    return (System.nanoTime() - startNanos) / 1_000;
  }

  /** The status sent to the client, 0 when none was. */
  public int status() {
    return status;
  }

  /** Envoy-style response flags, "-" when the exchange went through cleanly. */
  public String flags() {
    return flags;
  }

  public long requestBytes() {
    return requestBytes;
  }

  public long responseBytes() {
    return responseBytes;
  }

  /**
   * Adds an Envoy-style flag; several are joined with commas, as in Envoy's access log ("DI,FI").
   * A retry's verdict (URX: retries ran out, UO: the retry budget refused one) stays last, where
   * Envoy lists it, though it is known before the failure it qualifies ("UF,URX").
   */
  void flag(String flag) {
    if ("-".equals(flag)) {
      return;
    }
    if ("-".equals(flags)) {
      flags = flag;
      return;
    }
    int comma = flags.lastIndexOf(',');
    String last = flags.substring(comma + 1);
    if (isRetryVerdict(last) && !isRetryVerdict(flag)) {
      flags = flags.substring(0, comma + 1) + flag + "," + last;
    } else {
      flags = flags + "," + flag;
    }
  }

  private static boolean isRetryVerdict(String flag) {
    return "URX".equals(flag) || "UO".equals(flag);
  }

  void releasePending() {
    HttpObject part;
    while ((part = pending.poll()) != null) {
      ReferenceCountUtil.release(part);
    }
  }
}
