package dev.meshlog.proxy.listener.limits;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last on an HTTP/2 connection: a connection error (rapid reset, a flood, a protocol violation) has
 * been answered by the codec already with GOAWAY, counted, and the connection is closing; it must not
 * reach the pipeline's tail, where Netty would log a warning per hostile connection.
 */
@Sharable
final class Http2ErrorsHandler extends ChannelInboundHandlerAdapter {

  static final Http2ErrorsHandler INSTANCE = new Http2ErrorsHandler();
  private static final Logger log = LoggerFactory.getLogger(Http2ErrorsHandler.class);

  private Http2ErrorsHandler() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (log.isDebugEnabled()) {
      log.debug("HTTP/2 client connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
      // Not the codec's to answer (an I/O error): nothing more can be said on this connection.
      ctx.close();
    }
    // An HTTP/2 error: the codec sends its GOAWAY (with the error code) and closes after this returns;
    // closing here first would send GOAWAY NO_ERROR and hide why.
  }
}
