package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.route.Dispatch;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Sends the answers the proxy makes itself ({@link LocalReply}) on a client connection, one per
 * connection: a rule's answer, an error flagged like Envoy's, or the refusal of a malformed request.
 */
final class LocalResponder {

  private final FrontendHandler frontend;
  private final ChannelHandlerContext client;

  LocalResponder(FrontendHandler frontend, ChannelHandlerContext client) {
    this.frontend = frontend;
    this.client = client;
  }

  /** A request the decoder could not parse: nothing after it on this connection can be trusted. */
  void rejectMalformed(HttpRequest request) {
    ReferenceCountUtil.release(request);
    FullHttpResponse bad = LocalReply.of(400, "DPE");
    HttpUtil.setKeepAlive(bad, false);
    client.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
  }

  /** A redirect or direct response: the rule's answer with its response headers, and no flag. */
  void answer(Exchange ex, Dispatch.Reply reply) {
    FullHttpResponse answer = LocalReply.answer(reply.status(), reply.body(), reply.location());
    reply.responseHeaders().applyTo(answer.headers());
    send(ex, answer, "-");
  }

  /** An error in the proxy's name, carrying its response flag. */
  void fail(Exchange ex, int status, String flag) {
    send(ex, LocalReply.of(status, flag), flag);
  }

  private void send(Exchange ex, FullHttpResponse reply, String flag) {
    ex.localReply = true;
    ex.responseStarted = true;
    ex.status = reply.status().code();
    ex.flag(flag);
    if (reply.headers().contains(LocalReply.RESPONSE_FLAGS)) {
      // An injected delay before this answer shows too ("DI,FI").
      reply.headers().set(LocalReply.RESPONSE_FLAGS, ex.flags);
    }
    ex.responseBytes = reply.content().readableBytes();
    ex.lastWrite = client.writeAndFlush(reply);
    if (ex.requestComplete) {
      frontend.complete(ex);
    } else {
      // The rest of the body is read and dropped, so the connection can serve the next request.
      client.read();
    }
  }
}
