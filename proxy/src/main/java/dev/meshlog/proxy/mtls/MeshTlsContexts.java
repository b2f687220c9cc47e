package dev.meshlog.proxy.mtls;

import dev.meshlog.proxy.listener.tls.ServerTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * The TLS contexts built from one key and chain: the inbound server side (client certificate
 * required, ALPN h2 and http/1.1) and two client sides, one per upstream pool, each offering only
 * the protocol its pool speaks so ALPN can never pick the other.
 */
public record MeshTlsContexts(ServerTls server, SslContext clientHttp1, SslContext clientH2) {

  public SslHandler newServerHandler(ByteBufAllocator alloc) {
    return server.newHandler(alloc);
  }

  public SslHandler newClientHandler(ByteBufAllocator alloc, boolean http2) {
    return (http2 ? clientH2 : clientHttp1).newHandler(alloc);
  }
}
