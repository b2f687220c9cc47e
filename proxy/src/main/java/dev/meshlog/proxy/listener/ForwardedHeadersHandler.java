package dev.meshlog.proxy.listener;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a request as a client sent it into the request an upstream receives: origin-form target
 * (the authority of a proxy-form target replaces Host, RFC 9112 3.2.2), hop-by-hop headers removed,
 * the client appended to {@code x-forwarded-for}, and an {@code x-request-id} when none came.
 * Sits after the keep-alive handler, which must still see the client's Connection header.
 */
@Sharable
public final class ForwardedHeadersHandler extends ChannelInboundHandlerAdapter {

  public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  public static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
      rewrite(request, ctx.channel().remoteAddress());
    }
    ctx.fireChannelRead(msg);
  }

  static void rewrite(HttpRequest request, SocketAddress client) {
    toOriginForm(request);
    HttpHeaders headers = request.headers();
    HopByHopHeaders.strip(headers);
    if (client instanceof InetSocketAddress inet) {
      InetAddress address = inet.getAddress();
      String ip = address != null ? address.getHostAddress() : inet.getHostString();
      String prior = headers.get(X_FORWARDED_FOR);
      headers.set(X_FORWARDED_FOR, prior == null || prior.isBlank() ? ip : prior + ", " + ip);
    }
    if (!headers.contains(X_REQUEST_ID)) {
      headers.set(X_REQUEST_ID, randomRequestId());
    }
  }

  private static void toOriginForm(HttpRequest request) {
    String uri = request.uri();
    int scheme = uri.indexOf("://");
    if (scheme <= 0 || uri.charAt(0) == '/') {
      return;
    }
    int authorityStart = scheme + 3;
    int pathStart = authorityStart;
    while (pathStart < uri.length() && uri.charAt(pathStart) != '/' && uri.charAt(pathStart) != '?') {
      pathStart++;
    }
    String authority = uri.substring(authorityStart, pathStart);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String rest = uri.substring(pathStart);
    request.setUri(rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest);
    if (!authority.isEmpty()) {
      request.headers().set(HttpHeaderNames.HOST, authority);
    }
  }

  /** A version-4 UUID from the thread's RNG: no SecureRandom lock shared by every event loop. */
  private static String randomRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(most, least).toString();
  }
}
