package dev.meshlog.proxy.listener.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * The server side of a TLS listener: its certificate and key, and ALPN offering h2 first, then
 * http/1.1 (as Envoy's listeners do). A client that offers no ALPN gets HTTP/1.1.
 *
 * <p>Built from PEM files now; the mesh CA (mTLS) can build one from its own builder with
 * {@link #of(SslContextBuilder)}, adding client authentication and trust before this adds ALPN.
 */
public final class ServerTls {

  private final SslContext context;

  private ServerTls(SslContext context) {
    this.context = context;
  }

  /** A server certificate chain and its private key (PKCS#8 PEM), as files. */
  public static ServerTls fromPem(Path certChainPem, Path keyPem) {
    Objects.requireNonNull(certChainPem, "certChainPem");
    Objects.requireNonNull(keyPem, "keyPem");
    return of(SslContextBuilder.forServer(certChainPem.toFile(), keyPem.toFile()));
  }

  /** {@code builder} (a server builder with its key material) completed with ALPN h2 + http/1.1. */
  public static ServerTls of(SslContextBuilder builder) {
    try {
      return new ServerTls(builder
          .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
              // Only these two are offered, so "no overlap" means a client that speaks neither: let the handshake say so.
              SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
          .build());
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot build the listener's TLS context: " + e.getMessage(), e);
    }
  }

  /** A handler for one accepted connection. */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    return context.newHandler(alloc);
  }
}
