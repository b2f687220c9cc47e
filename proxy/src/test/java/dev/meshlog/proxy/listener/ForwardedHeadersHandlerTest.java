package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound pipeline's first three stages, fed raw bytes as a client sends them. */
class ForwardedHeadersHandlerTest {

  private static final String CLIENT_IP = "10.1.2.3";

  private final EmbeddedChannel channel = new EmbeddedChannel(
      new HttpServerCodec(), new HttpServerKeepAliveHandler(), new ForwardedHeadersHandler()) {
    @Override
    protected SocketAddress remoteAddress0() {
      return new InetSocketAddress(CLIENT_IP, 40_000);
    }
  };

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private HttpRequest send(String head) {
    channel.writeInbound(Unpooled.copiedBuffer(head + "\r\n", StandardCharsets.US_ASCII));
    Object first = channel.readInbound();
    Object rest;
    while ((rest = channel.readInbound()) != null) {
      ReferenceCountUtil.release(rest);
    }
    return (HttpRequest) first;
  }

  @Test
  void shouldRemoveHopByHopHeadersIncludingThoseTheConnectionHeaderNames() {
    HttpHeaders headers = send("""
        GET /reviews HTTP/1.1\r
        Host: reviews\r
        Connection: keep-alive, X-Hop-Secret\r
        X-Hop-Secret: 42\r
        Keep-Alive: timeout=5\r
        Proxy-Connection: keep-alive\r
        TE: gzip\r
        Trailer: X-Checksum\r
        Upgrade: h2c\r
        HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r
        X-End-To-End: kept\r
        """).headers();
    for (String hop : new String[] {"connection", "x-hop-secret", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "http2-settings"}) {
      assertFalse(headers.contains(hop), hop + " should be removed: " + headers);
    }
    assertEquals("kept", headers.get("x-end-to-end"));
    assertEquals("reviews", headers.get("host"));
  }

  @Test
  void shouldKeepOnlyTheTrailersValueOfTeAsEnvoyDoesForGrpc() {
    HttpHeaders headers = send("""
        GET /reviews HTTP/1.1\r
        Host: reviews\r
        TE: gzip, trailers\r
        """).headers();
    assertEquals("trailers", headers.get("te"));
  }

  @Test
  void shouldKeepTransferEncodingForTheCodecToFrameTheBody() {
    HttpHeaders headers = send("""
        POST /upload HTTP/1.1\r
        Host: reviews\r
        Connection: Transfer-Encoding\r
        Transfer-Encoding: chunked\r
        \r
        0\r
        """).headers();
    assertEquals("chunked", headers.get("transfer-encoding"));
  }

  @Test
  void shouldGenerateAFreshVersionFourRequestIdWhenNoneCame() {
    String first = send("GET / HTTP/1.1\r\nHost: reviews\r\n").headers().get("x-request-id");
    String second = send("GET / HTTP/1.1\r\nHost: reviews\r\n").headers().get("x-request-id");
    assertEquals(4, UUID.fromString(first).version());
    assertEquals(2, UUID.fromString(first).variant());
    assertNotEquals(first, second);
  }

  @Test
  void shouldKeepTheCallersRequestId() {
    HttpHeaders headers = send("GET / HTTP/1.1\r\nHost: reviews\r\nX-Request-Id: abc-123\r\n").headers();
    assertEquals("abc-123", headers.get("x-request-id"));
  }

  @Test
  void shouldSetForwardedForToTheClientAddress() {
    assertEquals(CLIENT_IP, send("GET / HTTP/1.1\r\nHost: reviews\r\n").headers().get("x-forwarded-for"));
  }

  @Test
  void shouldAppendTheClientToAnExistingForwardedFor() {
    HttpHeaders headers = send("GET / HTTP/1.1\r\nHost: reviews\r\nX-Forwarded-For: 192.0.2.7\r\n").headers();
    assertEquals("192.0.2.7, " + CLIENT_IP, headers.get("x-forwarded-for"));
  }

  @Test
  void shouldTurnAProxyFormTargetIntoOriginFormWithItsAuthorityAsHost() {
    HttpRequest request = send("GET http://Reviews.default:9080/a/b?x=1 HTTP/1.1\r\nHost: stale\r\n");
    assertEquals("/a/b?x=1", request.uri());
    assertEquals("Reviews.default:9080", request.headers().get("host"));
    assertEquals("/", send("GET http://reviews HTTP/1.1\r\nHost: reviews\r\n").uri());
    assertEquals("/?q=2", send("GET http://reviews?q=2 HTTP/1.1\r\nHost: reviews\r\n").uri());
  }

  @Test
  void shouldLeaveAnOriginFormTargetAlone() {
    HttpRequest request = send("GET /go?to=http://elsewhere/x HTTP/1.1\r\nHost: reviews:80\r\n");
    assertEquals("/go?to=http://elsewhere/x", request.uri());
    assertEquals("reviews:80", request.headers().get("host"));
    assertTrue(channel.isActive());
  }
}
