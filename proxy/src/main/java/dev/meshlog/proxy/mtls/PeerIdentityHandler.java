package dev.meshlog.proxy.mtls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the server-side TLS handler until the handshake ends: on success it records the
 * peer's verified SPIFFE identity on the connection ({@link ConnectionSecurity}) and counts the
 * handshake; on failure it counts what the trust manager did not already count and closes the
 * connection quietly (a refused peer is logged once, rate-limited, not per exception).
 */
final class PeerIdentityHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(PeerIdentityHandler.class);

  private final MtlsStats stats;
  private final String proxyId;

  PeerIdentityHandler(MtlsStats stats, String proxyId) {
    this.stats = stats;
    this.proxyId = proxyId;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (!(evt instanceof SslHandshakeCompletionEvent done)) {
      super.userEventTriggered(ctx, evt);
      return;
    }
    if (!done.isSuccess()) {
      handshakeFailed(ctx, done.cause());
      return;
    }
    String principal;
    try {
      Certificate[] peer = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
      List<String> uris = PeerVerifier.spiffeUris((X509Certificate) peer[0]);
      principal = uris.get(0); // the trust manager let only a chain with exactly one through
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      stats.refuse(MtlsStats.Counter.NO_CERTIFICATE, log, "[proxy={}] TLS client {} has no verified identity: {}",
          proxyId, ctx.channel().remoteAddress(), e.toString());
      ctx.close();
      return;
    }
    stats.count(MtlsStats.Counter.HANDSHAKE);
    ConnectionSecurity.mutualTls(principal).attachTo(ctx.channel());
    ctx.pipeline().remove(this);
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Handshake errors arrive here as well as in the completion event, which counts them.
    ctx.close();
  }

  private void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
    if (!PeerRefusedException.causedBy(cause)) {
      String message = String.valueOf(cause.getMessage());
      MtlsStats.Counter counter = message.contains("Empty client certificate chain") || message.contains("certificate_required")
          ? MtlsStats.Counter.NO_CERTIFICATE : MtlsStats.Counter.CONNECTION_ERROR;
      stats.refuse(counter, log, "[proxy={}] TLS handshake with {} failed: {}", proxyId, ctx.channel().remoteAddress(),
          message);
    }
    ctx.close();
  }
}
