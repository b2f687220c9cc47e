package dev.meshlog.proxy.listener.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 defences on an {@link EmbeddedChannel}: what a hostile client is answered, and what is counted. */
class Http1LimitsTest {

  private final DownstreamRejections rejections = new DownstreamRejections();
  private final ListenerGuard guard = new ListenerGuard("outbound",
      DownstreamLimits.DEFAULTS.withRequestHeadersTimeout(Duration.ofSeconds(10)).withIdleTimeout(Duration.ofSeconds(60)),
      rejections);
  private final MockTicker ticker = Ticker.newMockTicker();

  /** Stands in for the relay: answers 200 once a request is read whole. */
  private static final class OkApp extends ChannelInboundHandlerAdapter {
    int requests;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        requests++;
        FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        ok.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(ok);
      }
    }
  }

  private final OkApp app = new OkApp();

  private EmbeddedChannel connection() {
    return EmbeddedChannel.builder().ticker(ticker)
        .handlers(guard.connectionLimit(), guard.newTimeouts(), guard.newHttp1Codec(), guard.newHttp1Limits(), app)
        .build();
  }

  private static String send(EmbeddedChannel ch, String bytes) {
    ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    return written(ch);
  }

  private static String written(EmbeddedChannel ch) {
    StringBuilder out = new StringBuilder();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      ByteBuf buf = (ByteBuf) o;
      out.append(buf.toString(StandardCharsets.ISO_8859_1));
      buf.release();
    }
    return out.toString();
  }

  private long count(Rejection reason) {
    return rejections.get("outbound", reason);
  }

  private void assertRefused(String request, int status, Rejection reason) {
    EmbeddedChannel ch = connection();
    String response = send(ch, request);
    assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
    assertTrue(response.toLowerCase().contains("connection: close"), response);
    assertFalse(ch.isOpen(), "closed after the answer");
    assertEquals(0, app.requests, "nothing reached the app");
    assertEquals(1, count(reason), reason.label());
  }

  @Test
  void shouldServeAWellFormedRequestAndKeepTheConnection() {
    EmbeddedChannel ch = connection();
    assertTrue(send(ch, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HTTP/1.1 200 "));
    assertTrue(send(ch, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HTTP/1.1 200 "));
    assertTrue(ch.isOpen());
    assertEquals(2, app.requests);
  }

  @Test
  void shouldAnswer400ToAGarbledRequestLine() {
    assertRefused("GET\u0001/ nonsense\r\n\r\n", 400, Rejection.MALFORMED_REQUEST);
  }

  @Test
  void shouldAnswer400ToAnInvalidVersion() {
    assertRefused("GET / HTTP/9.Z\r\nHost: a\r\n\r\n", 400, Rejection.MALFORMED_REQUEST);
  }

  @Test
  void shouldAnswer400ToAHeaderWithoutAColon() {
    assertRefused("GET / HTTP/1.1\r\nHost a\r\n\r\n", 400, Rejection.MALFORMED_REQUEST);
  }

  @Test
  void shouldAnswer400ToContentLengthWithTransferEncoding() {
    assertRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400, Rejection.MALFORMED_REQUEST);
  }

  @Test
  void shouldAnswer400ToConflictingContentLengths() {
    assertRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcd",
        400, Rejection.MALFORMED_REQUEST);
  }

  @Test
  void shouldAnswer400ToATransferCodingThatDoesNotEndInChunked() {
    assertRefused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
        400, Rejection.MALFORMED_REQUEST);
  }

  @Test
  void shouldAnswer400ToBadChunkFraming() {
    assertRefused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        400, Rejection.MALFORMED_REQUEST);
  }

  @Test
  void shouldAnswer414ToARequestLineOverTheLimit() {
    assertRefused("GET /" + "a".repeat(17 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414, Rejection.REQUEST_LINE_TOO_LONG);
  }

  @Test
  void shouldAnswer431ToHeadersOver60KiB() {
    assertRefused("GET / HTTP/1.1\r\nHost: a\r\nx-big: " + "b".repeat(61 * 1024) + "\r\n\r\n", 431,
        Rejection.HEADERS_TOO_LARGE);
  }

  @Test
  void shouldAnswer431ToMoreThan100Headers() {
    StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
    for (int i = 0; i < 100; i++) {
      request.append("x-h").append(i).append(": v\r\n");
    }
    assertRefused(request.append("\r\n").toString(), 431, Rejection.TOO_MANY_HEADERS);
  }

  @Test
  void shouldAcceptExactly100Headers() {
    StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
    for (int i = 0; i < 99; i++) {
      request.append("x-h").append(i).append(": v\r\n");
    }
    assertTrue(send(connection(), request.append("\r\n").toString()).startsWith("HTTP/1.1 200 "));
  }

  @Test
  void shouldAnswer408WhenHeadersTrickleInPastTheTimeout() {
    EmbeddedChannel ch = connection();
    assertEquals("", send(ch, "GET / HTTP/1.1\r\nHo"));
    ticker.advance(9, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertEquals("", send(ch, "st: a\r\n"), "still within the timeout");
    ticker.advance(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    String response = written(ch);
    assertTrue(response.startsWith("HTTP/1.1 408 "), response);
    assertFalse(ch.isOpen());
    assertEquals(1, count(Rejection.REQUEST_HEADERS_TIMEOUT));
  }

  @Test
  void shouldTimeTheNextRequestsHeadersFromItsFirstByteNotFromTheConnection() {
    EmbeddedChannel ch = connection();
    assertTrue(send(ch, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HTTP/1.1 200 "));
    ticker.advance(30, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen(), "an idle kept-alive connection is not a slow request");
    assertTrue(send(ch, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HTTP/1.1 200 "));
    assertEquals(0, count(Rejection.REQUEST_HEADERS_TIMEOUT));
  }

  @Test
  void shouldCloseAConnectionIdleForTheIdleTimeout() {
    EmbeddedChannel ch = connection();
    assertTrue(send(ch, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HTTP/1.1 200 "));
    ticker.advance(59, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen());
    ticker.advance(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(ch.isOpen());
    assertEquals(1, count(Rejection.IDLE_TIMEOUT));
    assertEquals("", written(ch), "closed without an answer: no request was waiting");
  }

  @Test
  void shouldCloseAConnectionPastTheListenersLimitAtAccept() {
    ListenerGuard small = new ListenerGuard("inbound", DownstreamLimits.DEFAULTS.withMaxConnections(2), rejections);
    EmbeddedChannel first = new EmbeddedChannel(small.connectionLimit());
    EmbeddedChannel second = new EmbeddedChannel(small.connectionLimit());
    EmbeddedChannel third = new EmbeddedChannel(small.connectionLimit());
    assertTrue(first.isOpen());
    assertTrue(second.isOpen());
    assertFalse(third.isOpen());
    assertEquals(2, small.openConnections());
    assertEquals(1, rejections.get("inbound", Rejection.CONNECTION_LIMIT));
    first.close();
    assertTrue(new EmbeddedChannel(small.connectionLimit()).isOpen(), "a closed connection frees its slot");
  }
}
