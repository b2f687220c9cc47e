package dev.meshlog.proxy.listener.limits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listener's defences against hostile clients: it makes the handlers its pipelines add, each
 * configured from {@link DownstreamLimits}, and counts what they refuse under the listener's name.
 *
 * <p>The order in a pipeline: {@link #connectionLimit()} and {@link #newTimeouts()} first (before
 * TLS and protocol detection, so a connection that never sends a byte is bounded too), then for
 * HTTP/1.1 {@link #newHttp1Codec()} followed by {@link #newHttp1Limits()}, for HTTP/2
 * {@link #newHttp2Codec(Channel)}, the stream multiplexer, then {@link #http2Errors()}.
 */
public final class ListenerGuard {

  private final String listener;
  private final DownstreamLimits limits;
  private final DownstreamRejections rejections;
  private final AtomicInteger open = new AtomicInteger();
  private final ConnectionLimitHandler connectionLimit;

  /** @param listener the listener's name on /stats ({@code outbound}, {@code inbound}) */
  public ListenerGuard(String listener, DownstreamLimits limits, DownstreamRejections rejections) {
    this.listener = listener;
    this.limits = limits;
    this.rejections = rejections;
    this.connectionLimit = new ConnectionLimitHandler(this);
    rejections.register(listener, open::get);
  }

  /** A guard with the default limits whose refusals are counted nowhere else (tests, tools). */
  public static ListenerGuard standalone(String listener) {
    return new ListenerGuard(listener, DownstreamLimits.DEFAULTS, new DownstreamRejections());
  }

  public DownstreamLimits limits() {
    return limits;
  }

  public String listener() {
    return listener;
  }

  /** Downstream connections open on this listener now. */
  public int openConnections() {
    return open.get();
  }

  void count(Rejection reason) {
    rejections.count(listener, reason);
  }

  /** Takes a connection slot; false when the listener is full (the slot is not taken then). */
  boolean tryOpen() {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  void closed() {
    open.decrementAndGet();
  }

  /** Shared by the listener's connections: closes those past the limit before they are read. */
  public ChannelHandler connectionLimit() {
    return connectionLimit;
  }

  /** Per connection: the request headers timeout and the idle timeout. */
  public ChannelHandler newTimeouts() {
    return new DownstreamTimeoutsHandler(this);
  }

  /** Per connection: HTTP/1.1 framing with the request line and header limits, strict about framing. */
  public HttpServerCodec newHttp1Codec() {
    HttpDecoderConfig config = new HttpDecoderConfig()
        .setMaxInitialLineLength(limits.maxRequestLineBytes())
        .setMaxHeaderSize(limits.maxRequestHeadersBytes())
        // RFC 9112: Content-Length with Transfer-Encoding, or a final coding other than chunked, is an
        // error (request smuggling), not a Content-Length to drop as RFC 7230 allowed.
        .setUseRfc9112TransferEncoding(true)
        .setStrictLineParsing(true)
        .setAllowDuplicateContentLengths(false);
    return new HttpServerCodec(config, limits.maxPipelinedRequests());
  }

  /** Per connection, right after {@link #newHttp1Codec()}: answers what the codec refused, counts headers. */
  public ChannelHandler newHttp1Limits() {
    return new Http1LimitsHandler(this);
  }

  /** Shared, last on an HTTP/2 connection: connection errors the codec answered with GOAWAY end there. */
  public ChannelHandler http2Errors() {
    return Http2ErrorsHandler.INSTANCE;
  }

  /**
   * Per connection: the HTTP/2 frame codec with this listener's stream, header list and flood limits;
   * a GOAWAY it sends with an error code is counted, and the idle timeout learns of its streams.
   */
  public Http2FrameCodec newHttp2Codec(Channel connection) {
    Http2Settings settings = Http2Settings.defaultSettings()
        .maxConcurrentStreams(limits.h2MaxConcurrentStreams())
        .maxHeaderListSize(limits.maxRequestHeadersBytes());
    Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
        .initialSettings(settings)
        .decoderEnforceMaxRstFramesPerWindow(limits.h2MaxResetsPerWindow(), (int) limits.h2ResetWindow().toSeconds())
        .encoderEnforceMaxQueuedControlFrames(limits.h2MaxQueuedControlFrames())
        .frameLogger(new Http2FrameCounter(this))
        .build();
    codec.connection().addListener(new Http2ConnectionAdapter() {
      @Override
      public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
        if (errorCode == Http2Error.ENHANCE_YOUR_CALM.code()) {
          count(Rejection.H2_ENHANCE_YOUR_CALM);
        } else if (errorCode != Http2Error.NO_ERROR.code()) {
          count(Rejection.H2_CONNECTION_ERROR);
        }
      }
    });
    DownstreamTimeoutsHandler timeouts = connection.pipeline().get(DownstreamTimeoutsHandler.class);
    if (timeouts != null) {
      timeouts.http2(() -> codec.connection().numActiveStreams() > 0);
    }
    return codec;
  }
}
