package dev.meshlog.proxy.listener;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The upstream end of a relay: hands each response part to the client connection's
 * {@link UpstreamRelay}. Attached to one exchange at a time; an idle pooled connection has none,
 * and anything it receives then is a protocol error that ends the connection.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

  private Exchange exchange;
  /** Set instead of the exchange while the connection carries a mirrored copy. */
  private Shadow shadow;

  void attach(Exchange exchange) {
    this.exchange = exchange;
  }

  void attachShadow(Shadow shadow) {
    this.shadow = shadow;
  }

  void detach() {
    this.exchange = null;
    this.shadow = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (shadow != null && msg instanceof HttpObject mirrored) {
      shadow.responseRead(mirrored);
      return;
    }
    Exchange current = exchange;
    if (current == null || !(msg instanceof HttpObject part)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    current.relay.responseRead(current, part);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (shadow != null) {
      shadow.responseBatchRead();
      return;
    }
    Exchange current = exchange;
    if (current != null) {
      current.relay.responseBatchRead(current);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (shadow != null) {
      Shadow closed = shadow;
      shadow = null;
      closed.upstreamClosed();
    }
    Exchange current = exchange;
    exchange = null;
    if (current != null) {
      current.relay.upstreamClosed(current);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // channelInactive follows and settles the exchange (503 UF before headers, reset after).
    ctx.close();
  }
}
