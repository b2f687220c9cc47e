package dev.meshlog.proxy.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * The first handler of a plain connection: tells HTTP/2 with prior knowledge (the connection
 * preface {@code PRI * HTTP/2.0}) from HTTP/1.1, installs the matching pipeline, and leaves. The
 * bytes it peeked at go on to the new pipeline untouched (the decoder hands its buffer on when removed).
 *
 * <p>An HTTP/1.1 {@code Upgrade: h2c} request is not special here: it is served over HTTP/1.1 and
 * the Upgrade header is dropped as hop-by-hop, which is what Envoy does by default.
 */
public final class ProtocolDetector extends ByteToMessageDecoder {

  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final HttpPipelines pipelines;

  public ProtocolDetector(HttpPipelines pipelines) {
    this.pipelines = pipelines;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    // AUTO_READ is off: nothing arrives unless asked for.
    ctx.read();
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    Verdict verdict = verdict(in);
    if (verdict == Verdict.UNDECIDED) {
      // Too short to tell; channelReadComplete asks for more since nothing was passed on.
      return;
    }
    if (verdict == Verdict.HTTP2) {
      pipelines.http2(ctx.channel());
    } else {
      pipelines.http1(ctx.channel());
    }
    ctx.pipeline().remove(this);
  }

  /** Whether {@code first} (the start of a connection) already rules HTTP/2 out, or proves it. */
  static Verdict verdict(ByteBuf first) {
    int length = Math.min(first.readableBytes(), PREFACE.readableBytes());
    if (!ByteBufUtil.equals(first, first.readerIndex(), PREFACE, PREFACE.readerIndex(), length)) {
      return Verdict.HTTP1;
    }
    return length == PREFACE.readableBytes() ? Verdict.HTTP2 : Verdict.UNDECIDED;
  }

  enum Verdict { HTTP1, HTTP2, UNDECIDED }
}
