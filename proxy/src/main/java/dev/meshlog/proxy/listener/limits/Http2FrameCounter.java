package dev.meshlog.proxy.listener.limits;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.logging.LogLevel;

/**
 * Counts the streams the HTTP/2 codec refuses on its own: Netty resets them without telling the
 * pipeline (a stream over SETTINGS_MAX_CONCURRENT_STREAMS gets RST_STREAM REFUSED_STREAM; a header
 * list over the limit gets a 431 and RST_STREAM PROTOCOL_ERROR), and the frame logger hook is the
 * one place every frame the codec writes passes. Every other frame is ignored: nothing is logged.
 */
final class Http2FrameCounter extends Http2FrameLogger {

  private final ListenerGuard guard;

  Http2FrameCounter(ListenerGuard guard) {
    super(LogLevel.TRACE, Http2FrameCounter.class);
    this.guard = guard;
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
    if (direction != Direction.OUTBOUND) {
      return;
    }
    if (errorCode == Http2Error.REFUSED_STREAM.code()) {
      guard.count(Rejection.H2_REFUSED_STREAM);
    } else if (errorCode == Http2Error.PROTOCOL_ERROR.code()) {
      guard.count(Rejection.H2_STREAM_ERROR);
    }
  }

  @Override
  public void logData(Direction direction, ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
      boolean endStream) {}

  @Override
  public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endStream) {}

  @Override
  public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int streamDependency, short weight, boolean exclusive, int padding, boolean endStream) {}

  @Override
  public void logPriority(Direction direction, ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
      boolean exclusive) {}

  @Override
  public void logSettingsAck(Direction direction, ChannelHandlerContext ctx) {}

  @Override
  public void logSettings(Direction direction, ChannelHandlerContext ctx, Http2Settings settings) {}

  @Override
  public void logPing(Direction direction, ChannelHandlerContext ctx, long data) {}

  @Override
  public void logPingAck(Direction direction, ChannelHandlerContext ctx, long data) {}

  @Override
  public void logPushPromise(Direction direction, ChannelHandlerContext ctx, int streamId, int promisedStreamId,
      Http2Headers headers, int padding) {}

  @Override
  public void logGoAway(Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {}

  @Override
  public void logWindowsUpdate(Direction direction, ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {}

  @Override
  public void logUnknownFrame(Direction direction, ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
      ByteBuf data) {}
}
