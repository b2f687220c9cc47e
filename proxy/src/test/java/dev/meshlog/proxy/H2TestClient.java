package dev.meshlog.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Netty HTTP/2 client on exactly one connection, each request its own stream: h2c with prior
 * knowledge, or TLS whose ALPN offers only h2 and whose only trusted certificate is {@code trusted}.
 */
final class H2TestClient implements AutoCloseable {

  /**
   * @param trailers the trailing HEADERS frame; empty when the response had none (and for a
   *     trailers-only response, whose one HEADERS frame is {@code headers})
   */
  record Response(Http2Headers headers, byte[] body, Optional<Http2Headers> trailers) {
    int status() {
      return Integer.parseInt(headers.status().toString());
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      CharSequence value = headers.get(name);
      return value == null ? null : value.toString();
    }
  }

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel connection;

  private H2TestClient(int port, Optional<SslContext> tls) throws InterruptedException {
    connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            tls.ifPresent(ssl -> ch.pipeline().addLast(ssl.newHandler(ch.alloc(), "localhost", port)));
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
            ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect("127.0.0.1", port).sync().channel();
    SslHandler ssl = connection.pipeline().get(SslHandler.class);
    if (ssl != null) {
      ssl.handshakeFuture().sync();
    }
  }

  static H2TestClient h2c(int port) throws InterruptedException {
    return new H2TestClient(port, Optional.empty());
  }

  static H2TestClient tls(int port, File trusted) throws InterruptedException, IOException {
    SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(trusted)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
        .build();
    return new H2TestClient(port, Optional.of(context));
  }

  /** The protocol ALPN chose, "" for h2c. */
  String negotiatedProtocol() {
    SslHandler ssl = connection.pipeline().get(SslHandler.class);
    return ssl == null ? "" : ssl.applicationProtocol();
  }

  static Http2Headers get(String authority, String path) {
    return new DefaultHttp2Headers().method("GET").scheme("http").authority(authority).path(path);
  }

  CompletableFuture<Response> send(Http2Headers headers) {
    return send(headers, new byte[0]);
  }

  /** Sends {@code headers}, then {@code body} (if any) in one DATA frame that ends the stream. */
  CompletableFuture<Response> send(Http2Headers headers, byte[] body) {
    CompletableFuture<Response> response = new CompletableFuture<>();
    new Http2StreamChannelBootstrap(connection).handler(new Collector(response)).open().addListener(f -> {
      if (!f.isSuccess()) {
        response.completeExceptionally(f.cause());
        return;
      }
      Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
      stream.write(new DefaultHttp2HeadersFrame(headers, body.length == 0));
      if (body.length > 0) {
        stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
      }
      stream.flush();
    });
    return response;
  }

  Response fetch(Http2Headers headers) throws Exception {
    return send(headers).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    connection.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class Collector extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<Response> response;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private Http2Headers headers;
    private Http2Headers trailers;

    Collector(CompletableFuture<Response> response) {
      this.response = response;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      boolean end = false;
      if (msg instanceof Http2HeadersFrame frame) {
        if (headers == null || headers.status().charAt(0) == '1') {
          headers = frame.headers();
        } else {
          trailers = frame.headers();
        }
        end = frame.isEndStream();
      } else if (msg instanceof Http2DataFrame data) {
        data.content().readBytes(body, data.content().readableBytes());
        end = data.isEndStream();
        data.release();
      } else if (msg instanceof Http2ResetFrame reset) {
        response.completeExceptionally(new IOException("stream reset: " + reset.errorCode()));
      }
      if (end) {
        response.complete(new Response(headers, body.toByteArray(), Optional.ofNullable(trailers)));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      response.completeExceptionally(new IOException("stream closed before its end"));
    }
  }
}
