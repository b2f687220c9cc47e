package dev.meshlog.proxy.listener.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP/2 codec a guard builds, fed frames Netty's writer made, on an {@link EmbeddedChannel}. */
class Http2LimitsTest {

  private final DownstreamRejections rejections = new DownstreamRejections();
  private final ListenerGuard guard = new ListenerGuard("outbound", DownstreamLimits.DEFAULTS, rejections);

  /** Frame type, stream, and GOAWAY/RST error code (or -1), as the server wrote them. */
  private record Frame(int type, int streamId, long errorCode) {}

  /**
   * An embedded channel has no parent, which Http2MultiplexHandler takes for a client that upgraded
   * on stream 1: the tests' streams start at 3.
   */
  private EmbeddedChannel server() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast(guard.newTimeouts());
    ch.pipeline().addLast(guard.newHttp2Codec(ch));
    ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel stream) {
        stream.pipeline().addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
          }
        });
      }
    }));
    ch.pipeline().addLast(guard.http2Errors());
    return ch;
  }

  /** Client bytes: the preface, SETTINGS, then whatever {@code frames} writes. */
  private static ByteBuf client(java.util.function.BiConsumer<DefaultHttp2FrameWriter, ChannelHandlerContext> frames) {
    EmbeddedChannel sink = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    ChannelHandlerContext ctx = sink.pipeline().firstContext();
    DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    sink.writeOutbound(Http2CodecUtil.connectionPrefaceBuf());
    writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
    frames.accept(writer, ctx);
    sink.flushOutbound();
    ByteBuf all = Unpooled.buffer();
    for (Object o = sink.readOutbound(); o != null; o = sink.readOutbound()) {
      all.writeBytes((ByteBuf) o);
      ((ByteBuf) o).release();
    }
    return all;
  }

  private static List<Frame> written(EmbeddedChannel ch) {
    ByteBuf all = Unpooled.buffer();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      all.writeBytes((ByteBuf) o);
      ((ByteBuf) o).release();
    }
    List<Frame> frames = new ArrayList<>();
    while (all.readableBytes() >= 9) {
      int length = all.readUnsignedMedium();
      int type = all.readUnsignedByte();
      all.skipBytes(1);
      int stream = all.readInt() & 0x7fffffff;
      ByteBuf payload = all.readSlice(length);
      long code = type == 0x7 ? payload.getUnsignedInt(4) : type == 0x3 ? payload.getUnsignedInt(0) : -1;
      frames.add(new Frame(type, stream, code));
    }
    all.release();
    return frames;
  }

  private static Http2Headers get() {
    return new DefaultHttp2Headers().method("GET").scheme("http").authority("reviews").path("/");
  }

  @Test
  void shouldAdvertise100ConcurrentStreamsAndA60KiBHeaderList() {
    EmbeddedChannel ch = server();
    ByteBuf settings = Unpooled.buffer();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      settings.writeBytes((ByteBuf) o);
      ((ByteBuf) o).release();
    }
    // The server's first frame is its SETTINGS: 6-byte entries after the 9-byte frame header.
    int length = settings.getUnsignedMedium(0);
    assertEquals(0x4, settings.getUnsignedByte(3));
    java.util.Map<Integer, Long> values = new java.util.HashMap<>();
    for (int at = 9; at < 9 + length; at += 6) {
      values.put(settings.getUnsignedShort(at), settings.getUnsignedInt(at + 2));
    }
    settings.release();
    assertEquals(100L, values.get(0x3), "SETTINGS_MAX_CONCURRENT_STREAMS");
    assertEquals(60L * 1024, values.get(0x6), "SETTINGS_MAX_HEADER_LIST_SIZE");
  }

  @Test
  void shouldGoAwayWithEnhanceYourCalmOnRapidReset() {
    EmbeddedChannel ch = server();
    written(ch);
    ch.writeInbound(client((writer, ctx) -> {
      for (int i = 0; i < 300; i++) {
        int stream = 2 * i + 3;
        writer.writeHeaders(ctx, stream, get(), 0, true, ctx.newPromise());
        writer.writeRstStream(ctx, stream, Http2Error.CANCEL.code(), ctx.newPromise());
      }
    }));
    List<Frame> answer = written(ch);
    assertTrue(answer.stream().anyMatch(f -> f.type() == 0x7 && f.errorCode() == Http2Error.ENHANCE_YOUR_CALM.code()),
        answer.toString());
    assertFalse(ch.isOpen(), "the attacker's connection is closed");
    assertEquals(1, rejections.get("outbound", Rejection.H2_ENHANCE_YOUR_CALM));
  }

  @Test
  void shouldNotMindResetsUnderTheLimit() {
    EmbeddedChannel ch = server();
    written(ch);
    ch.writeInbound(client((writer, ctx) -> {
      for (int i = 0; i < 150; i++) {
        int stream = 2 * i + 3;
        writer.writeHeaders(ctx, stream, get(), 0, true, ctx.newPromise());
        writer.writeRstStream(ctx, stream, Http2Error.CANCEL.code(), ctx.newPromise());
      }
    }));
    assertTrue(written(ch).stream().noneMatch(f -> f.type() == 0x7));
    assertTrue(ch.isOpen());
    assertEquals(0, rejections.get("outbound", Rejection.H2_ENHANCE_YOUR_CALM));
  }

  @Test
  void shouldRefuseAHeaderListOverTheLimit() {
    EmbeddedChannel ch = server();
    written(ch);
    ch.writeInbound(client((writer, ctx) ->
        writer.writeHeaders(ctx, 3, get().add("x-big", "h".repeat(64 * 1024)), 0, true, ctx.newPromise())));
    List<Frame> answer = written(ch);
    // Netty answers the stream (431 in a HEADERS frame) and resets it; the connection stays for other streams.
    assertTrue(answer.stream().anyMatch(f -> f.type() == 0x1 && f.streamId() == 3), answer.toString());
    assertTrue(answer.stream().anyMatch(f -> f.type() == 0x3 && f.streamId() == 3
        && f.errorCode() == Http2Error.PROTOCOL_ERROR.code()), answer.toString());
    assertTrue(ch.isOpen());
    assertEquals(1, rejections.get("outbound", Rejection.H2_STREAM_ERROR));
  }
}
