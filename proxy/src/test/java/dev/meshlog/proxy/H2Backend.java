package dev.meshlog.proxy;

import dev.meshlog.proxy.listener.HttpPipelines;
import dev.meshlog.proxy.listener.ProtocolDetector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Netty app on 127.0.0.1 speaking HTTP/1.1 and h2c with prior knowledge on one port (as an
 * app behind a USE_DOWNSTREAM_PROTOCOL sidecar must). Over h2, by path: {@code /grpc} answers like
 * a gRPC server (headers, one message, trailers with grpc-status 0), {@code /grpc-missing} with a
 * trailers-only response (grpc-status 5), {@code /large?bytes=N} with N bytes in 16 KiB DATA frames,
 * {@code /slow} after 300 ms, anything else with "name|path|request body" (or, made with
 * {@link #refusingStreams}, resets every stream with REFUSED_STREAM). Over HTTP/1.1 it answers
 * its name. Records each request's protocol and headers, its connections, and the most streams
 * ever open at once on one connection.
 */
final class H2Backend implements AutoCloseable {

  static final int FRAME = 16 * 1024;
  private static final AttributeKey<AtomicInteger> OPEN_STREAMS = AttributeKey.valueOf("test.open-streams");

  private final String name;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Channel server;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger maxOpenStreams = new AtomicInteger();
  private final Queue<String> protocols = new ConcurrentLinkedQueue<>();
  private volatile Map<String, String> lastHeaders = Map.of();

  private final boolean refuseStreams;
  private final AtomicInteger refused = new AtomicInteger();

  private H2Backend(String name, long maxConcurrentStreams, boolean refuseStreams) {
    this.name = name;
    this.refuseStreams = refuseStreams;
    HttpPipelines pipelines = new HttpPipelines() {
      @Override
      public void http1(Channel ch) {
        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Http1Answer());
      }

      @Override
      public void http2(Channel ch) {
        ch.attr(OPEN_STREAMS).set(new AtomicInteger());
        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer()
            .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(maxConcurrentStreams)).build());
        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline().addLast(new StreamAnswer());
          }
        }));
      }
    };
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            connections.incrementAndGet();
            ch.pipeline().addLast(new ProtocolDetector(pipelines));
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
  }

  static H2Backend start(String name) {
    return new H2Backend(name, Integer.MAX_VALUE, false);
  }

  /** A backend that lets each connection carry at most {@code streams} streams at once. */
  static H2Backend withMaxConcurrentStreams(String name, long streams) {
    return new H2Backend(name, streams, false);
  }

  /** An app that resets every h2 stream with REFUSED_STREAM, as a server over its stream limit does. */
  static H2Backend refusingStreams(String name) {
    return new H2Backend(name, Integer.MAX_VALUE, true);
  }

  /** Streams refused so far. */
  int refused() {
    return refused.get();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  int connections() {
    return connections.get();
  }

  int maxOpenStreams() {
    return maxOpenStreams.get();
  }

  /** "h2" or "http/1.1" per request, in arrival order. */
  Queue<String> protocols() {
    return protocols;
  }

  /** The last request's headers, names lower case, h2 pseudo-headers included. */
  Map<String, String> lastHeaders() {
    return lastHeaders;
  }

  /** The byte at {@code index} of every {@code /large} body. */
  static byte largeByte(long index) {
    return (byte) (index % 251);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class StreamAnswer extends ChannelInboundHandlerAdapter {
    private Http2Headers request;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      int open = ctx.channel().parent().attr(OPEN_STREAMS).get().incrementAndGet();
      maxOpenStreams.accumulateAndGet(open, Math::max);
      ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ctx.channel().parent().attr(OPEN_STREAMS).get().decrementAndGet();
      ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      boolean end = false;
      if (msg instanceof Http2HeadersFrame headers) {
        if (request == null) {
          request = headers.headers();
        }
        end = headers.isEndStream();
      } else if (msg instanceof Http2DataFrame data) {
        data.content().readBytes(body, data.content().readableBytes());
        end = data.isEndStream();
        data.release();
      }
      if (end) {
        Map<String, String> seen = new TreeMap<>();
        request.forEach(h -> seen.put(h.getKey().toString().toLowerCase(), h.getValue().toString()));
        lastHeaders = seen;
        protocols.add("h2");
        answer(ctx, request.path().toString());
      }
    }

    private void answer(ChannelHandlerContext ctx, String path) {
      if (refuseStreams) {
        refused.incrementAndGet();
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
      } else if (path.equals("/grpc")) {
        ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200").set("content-type", "application/grpc")));
        ByteBuf message = Unpooled.buffer().writeByte(0).writeInt(4).writeBytes("pong".getBytes(StandardCharsets.US_ASCII));
        ctx.write(new DefaultHttp2DataFrame(message));
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(
            new DefaultHttp2Headers().set("grpc-status", "0").set("grpc-message", "OK"), true));
      } else if (path.equals("/grpc-missing")) {
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
            .set("content-type", "application/grpc").set("grpc-status", "5").set("grpc-message", "no such item"), true));
      } else if (path.startsWith("/large?bytes=")) {
        long total = Long.parseLong(path.substring("/large?bytes=".length()));
        ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200").setLong("content-length", total)));
        for (long sent = 0; sent < total; sent += FRAME) {
          int size = (int) Math.min(FRAME, total - sent);
          byte[] chunk = new byte[size];
          for (int i = 0; i < size; i++) {
            chunk[i] = largeByte(sent + i);
          }
          ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(chunk), sent + size >= total));
        }
        ctx.flush();
      } else if (path.equals("/slow")) {
        ctx.executor().schedule(() -> text(ctx, path), 300, TimeUnit.MILLISECONDS);
      } else {
        text(ctx, path);
      }
    }

    private void text(ChannelHandlerContext ctx, String path) {
      byte[] text = (name + "|" + path + "|" + body.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200").set("content-type", "text/plain")));
      ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(text), true));
    }
  }

  private final class Http1Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      Map<String, String> seen = new TreeMap<>();
      request.headers().forEach(h -> seen.put(h.getKey().toLowerCase(), h.getValue()));
      lastHeaders = seen;
      protocols.add("http/1.1");
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.copiedBuffer(name, StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      ctx.writeAndFlush(response);
    }
  }
}
