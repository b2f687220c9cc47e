package dev.meshlog.proxy.listener;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;

/**
 * An HTTP/2 request that ends with its HEADERS frame arrives from the stream codec as one
 * {@link FullHttpRequest}; the relay (written for HTTP/1.1's streamed parts) wants the head and the
 * end as two parts, as the HTTP/1.1 decoder gives them. Trailers stay on the last part.
 */
@Sharable
final class FullMessageSplitter extends ChannelInboundHandlerAdapter {

  static final FullMessageSplitter INSTANCE = new FullMessageSplitter();

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest full)) {
      ctx.fireChannelRead(msg);
      return;
    }
    HttpRequest head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
    head.setDecoderResult(full.decoderResult());
    DefaultLastHttpContent last = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
    ctx.fireChannelRead(head);
    ctx.fireChannelRead(last);
  }
}
