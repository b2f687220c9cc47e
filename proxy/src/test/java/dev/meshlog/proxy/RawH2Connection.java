package dev.meshlog.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/2 client that does not play by the rules: frames made by Netty's own frame writer (HPACK
 * and all) go over a plain socket exactly as the test orders them, with no flow control, SETTINGS
 * acknowledgement or stream limit of the client's own in the way; the answer is read frame by frame.
 */
final class RawH2Connection implements AutoCloseable {

  /** A frame read from the proxy. */
  record Frame(int type, int flags, int streamId, byte[] payload) {
    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int GOAWAY = 0x7;

    /** A GOAWAY's or RST_STREAM's error code. */
    long errorCode() {
      int at = type == GOAWAY ? 4 : 0;
      return ((payload[at] & 0xffL) << 24) | ((payload[at + 1] & 0xffL) << 16) | ((payload[at + 2] & 0xffL) << 8)
          | (payload[at + 3] & 0xffL);
    }
  }

  private final Socket socket;
  private final EmbeddedChannel encoder = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = encoder.pipeline().firstContext();
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();

  RawH2Connection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    encoder.writeOutbound(Http2CodecUtil.connectionPrefaceBuf());
    writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
  }

  static Http2Headers get(String authority, String path) {
    return new DefaultHttp2Headers().method("GET").scheme("http").authority(authority).path(path);
  }

  /** Queues a HEADERS frame (with CONTINUATIONs if it is large) that ends the stream. */
  RawH2Connection headers(int streamId, Http2Headers headers) {
    writer.writeHeaders(ctx, streamId, headers, 0, true, ctx.newPromise());
    return this;
  }

  RawH2Connection reset(int streamId) {
    writer.writeRstStream(ctx, streamId, Http2Error.CANCEL.code(), ctx.newPromise());
    return this;
  }

  /** Sends what was queued; false when the proxy had closed the connection already. */
  boolean send() throws IOException {
    encoder.flushOutbound();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Object o = encoder.readOutbound(); o != null; o = encoder.readOutbound()) {
      ByteBuf buf = (ByteBuf) o;
      byte[] chunk = new byte[buf.readableBytes()];
      buf.readBytes(chunk);
      buf.release();
      bytes.write(chunk);
    }
    try {
      socket.getOutputStream().write(bytes.toByteArray());
      socket.getOutputStream().flush();
      return true;
    } catch (SocketException closed) {
      return false;
    }
  }

  /** Frames until the proxy closes the connection (or resets it after its last frame). */
  List<Frame> readToClose() throws IOException {
    List<Frame> frames = new ArrayList<>();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    try {
      while (true) {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int streamId = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        frames.add(new Frame(type, flags, streamId, payload));
      }
    } catch (EOFException | SocketException closed) {
      return frames;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    encoder.finishAndReleaseAll();
  }

  static ByteBuf empty() {
    return Unpooled.EMPTY_BUFFER;
  }
}
