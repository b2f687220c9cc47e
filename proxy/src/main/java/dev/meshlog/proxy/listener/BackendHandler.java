package dev.meshlog.proxy.listener;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
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

  /** On an HTTP/2 stream a reset arrives as an event, just before the stream channel closes. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2ResetFrame reset && reset.errorCode() == Http2Error.REFUSED_STREAM.code() && exchange != null) {
      exchange.refusedStream = true;
    }
    ctx.fireUserEventTriggered(evt);
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
