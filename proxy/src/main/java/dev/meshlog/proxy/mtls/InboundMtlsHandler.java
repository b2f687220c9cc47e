package dev.meshlog.proxy.mtls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a connection to the inbound listener under mesh mTLS. It reads the
 * PeerAuthentication mode once, when the connection opens (so a policy change applies to new
 * connections), peeks at the first bytes (a TLS handshake record starts 0x16 0x03), and installs TLS
 * (server side, client certificate required, then ALPN) or the plaintext protocol detector, then
 * leaves; the peeked bytes go on to what it installed. STRICT refuses plaintext, and everything while
 * this proxy has no certificate; DISABLE takes plaintext only (TLS bytes then fail as bad HTTP).
 */
public final class InboundMtlsHandler extends ByteToMessageDecoder {

  private static final Logger log = LoggerFactory.getLogger(InboundMtlsHandler.class);
  private static final byte HANDSHAKE_RECORD = 0x16;
  private static final byte TLS_MAJOR = 0x03;

  private final Supplier<MtlsMode> mode;
  private final WorkloadCredentials credentials;
  private final Supplier<ChannelHandler> plaintext;
  private final Supplier<ChannelHandler> afterHandshake;
  private MtlsMode current;

  /**
   * @param mode the effective mode for this listener's workload port, read from the live config
   * @param plaintext the first handler of a plaintext connection (the protocol detector)
   * @param afterHandshake what picks the HTTP pipeline once the TLS handshake is done (ALPN)
   */
  public InboundMtlsHandler(Supplier<MtlsMode> mode, WorkloadCredentials credentials, Supplier<ChannelHandler> plaintext,
      Supplier<ChannelHandler> afterHandshake) {
    this.mode = mode;
    this.credentials = credentials;
    this.plaintext = plaintext;
    this.afterHandshake = afterHandshake;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    current = mode.get();
    if (current == MtlsMode.STRICT && credentials.contexts().isEmpty()) {
      credentials.stats().refuse(MtlsStats.Counter.NO_CERTIFICATE, log,
          "[proxy={}] inbound connection from {} refused: PeerAuthentication is STRICT and this proxy has no certificate yet",
          credentials.proxyId(), ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    if (current == MtlsMode.DISABLE) {
      // The detector installed behind this handler sees the activation and asks for the first read.
      ConnectionSecurity.PLAINTEXT.attachTo(ctx.channel());
      ctx.pipeline().addAfter(ctx.name(), "protocol", plaintext.get());
      ctx.fireChannelActive();
      ctx.pipeline().remove(this);
      return;
    }
    // AUTO_READ is off: nothing arrives unless asked for.
    ctx.read();
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!ctx.channel().isActive() || in.readableBytes() == 0) {
      return;
    }
    byte first = in.getByte(in.readerIndex());
    if (first == HANDSHAKE_RECORD && in.readableBytes() < 2) {
      return; // one more byte tells; channelReadComplete asks for it
    }
    boolean tls = first == HANDSHAKE_RECORD && in.getByte(in.readerIndex() + 1) == TLS_MAJOR;
    if (!tls) {
      if (current == MtlsMode.STRICT) {
        in.skipBytes(in.readableBytes());
        credentials.stats().refuse(MtlsStats.Counter.PLAINTEXT_REFUSED, log,
            "[proxy={}] plaintext connection from {} refused: PeerAuthentication is STRICT", credentials.proxyId(),
            ctx.channel().remoteAddress());
        ctx.close();
        return;
      }
      plain(ctx);
      return;
    }
    Optional<MeshTlsContexts> contexts = credentials.contexts();
    if (contexts.isEmpty()) {
      in.skipBytes(in.readableBytes());
      credentials.stats().refuse(MtlsStats.Counter.NO_CERTIFICATE, log,
          "[proxy={}] TLS connection from {} refused: this proxy has no certificate yet", credentials.proxyId(),
          ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    // 0a. TLS (client certificate required, peer verified in the handshake), 0b. the peer's identity
    // on the connection, 0c. ALPN picks the HTTP pipeline.
    ctx.pipeline().addAfter(ctx.name(), "tls", contexts.get().newServerHandler(ctx.alloc()));
    ctx.pipeline().addAfter("tls", "mtls-peer", new PeerIdentityHandler(credentials.stats(), credentials.proxyId()));
    ctx.pipeline().addAfter("mtls-peer", "alpn", afterHandshake.get());
    ctx.pipeline().remove(this);
  }

  private void plain(ChannelHandlerContext ctx) {
    ConnectionSecurity.PLAINTEXT.attachTo(ctx.channel());
    ctx.pipeline().addAfter(ctx.name(), "protocol", plaintext.get());
    ctx.pipeline().remove(this);
  }
}
