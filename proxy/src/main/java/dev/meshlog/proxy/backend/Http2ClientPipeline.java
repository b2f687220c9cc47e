package dev.meshlog.proxy.backend;

import dev.meshlog.proxy.mtls.UpstreamSecurity;
import dev.meshlog.proxy.mtls.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.Optional;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/** Pipeline of one upstream h2c connection: frame codec, stream multiplexer, and what its connection frames tell the pool. */
final class Http2ClientPipeline extends ChannelInitializer<Channel> {

  private final Http2Connection connection;
  private final long settingsTimeoutMillis;
  /** Mesh mTLS in front of the h2 codec, with its server check; empty for h2c. */
  private final Optional<SecuredBy> tls;

  /** The TLS handler of one mTLS connection and the check of its server once the handshake is done. */
  record SecuredBy(SslHandler handler, UpstreamTls tls, UpstreamSecurity.MutualTls security) {
  }

  /**
   * @param settingsTimeoutMillis how long a connected peer has to send its SETTINGS (the connect
   *     timeout again): a peer that is no h2c server may never send it, and waiting requests would hang
   */
  Http2ClientPipeline(Http2Connection connection, long settingsTimeoutMillis, Optional<SecuredBy> tls) {
    this.connection = connection;
    this.settingsTimeoutMillis = settingsTimeoutMillis;
    this.tls = tls;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (tls.isPresent()) {
      // 0. mesh mTLS (ALPN h2); the connection preface waits for the handshake, SETTINGS for the server check.
      ch.pipeline().addLast("tls", tls.get().handler());
      tls.get().tls().verifyOnHandshake(ch, tls.get().handler(), tls.get().security());
    }
    ch.pipeline().addLast("settings-timeout", new SettingsTimeout());
    ch.pipeline().addLast("h2", Http2FrameCodecBuilder.forClient()
        .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)).build());
    // No push (disabled above), so the peer opens no streams; one that does is refused.
    ch.pipeline().addLast("h2-streams", new Http2MultiplexHandler(new RefusePushedStream()));
    ch.pipeline().addLast("h2-frames", new ConnectionFrames());
  }

  private final class SettingsTimeout extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.executor().schedule(() -> {
        if (!connection.settled()) {
          ctx.channel().close();
        }
      }, settingsTimeoutMillis, TimeUnit.MILLISECONDS);
      ctx.pipeline().remove(this);
      ctx.fireChannelActive();
    }
  }

  /** Connection-level frames the multiplexer passes on: SETTINGS and GOAWAY. */
  private final class ConnectionFrames extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2SettingsFrame settings) {
        connection.settingsReceived(settings.settings());
      } else if (msg instanceof Http2GoAwayFrame) {
        connection.goAwayReceived();
      }
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Sharable
  private static final class RefusePushedStream extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ctx.close();
    }
  }
}
