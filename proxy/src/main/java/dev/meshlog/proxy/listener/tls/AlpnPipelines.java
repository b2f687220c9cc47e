package dev.meshlog.proxy.listener.tls;

import dev.meshlog.proxy.listener.HttpPipelines;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the TLS handshake, installs the pipeline of the protocol ALPN chose: h2, or HTTP/1.1 when
 * the client chose http/1.1 or offered no ALPN at all.
 */
public final class AlpnPipelines extends ApplicationProtocolNegotiationHandler {

  private final HttpPipelines pipelines;

  public AlpnPipelines(HttpPipelines pipelines) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.pipelines = pipelines;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    // AUTO_READ is off: the first read starts the handshake; the TLS handler reads on until it ends.
    ctx.read();
    super.channelActive(ctx);
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      pipelines.http2(ctx.channel());
    } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
      pipelines.http1(ctx.channel());
    } else {
      throw new IllegalStateException("unexpected application protocol " + protocol);
    }
  }
}
