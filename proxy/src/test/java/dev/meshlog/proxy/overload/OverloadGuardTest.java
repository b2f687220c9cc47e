package dev.meshlog.proxy.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.telemetry.RequestOutcome;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard on one connection: what reaches the relay (inbound) and what the client gets (outbound). */
class OverloadGuardTest {

  private final Overload overload = new Overload(new OverloadSettings(1));
  private final List<RequestOutcome> reported = new ArrayList<>();

  private EmbeddedChannel connection() {
    return new EmbeddedChannel(overload.guard(reported::add, RequestOutcome.Side.OUTBOUND));
  }

  private static HttpRequest get(String path) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
  }

  private static FullHttpResponse ok() {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
  }

  @Test
  void overTheBoundARequestIsAnswered503OverloadedAndNeverReachesTheRelay() {
    EmbeddedChannel admittedConn = connection();
    EmbeddedChannel shedConn = connection();
    admittedConn.writeInbound(get("/a"), LastHttpContent.EMPTY_LAST_CONTENT);
    shedConn.writeInbound(get("/b"), new DefaultLastHttpContent(Unpooled.copiedBuffer("body", StandardCharsets.US_ASCII)));

    assertInstanceOf(HttpRequest.class, admittedConn.readInbound(), "the admitted request goes on");
    assertNull(shedConn.readInbound(), "the shed request never reaches routing");
    FullHttpResponse answer = shedConn.readOutbound();
    assertEquals(503, answer.status().code());
    assertEquals("true", answer.headers().get("x-meshlog-overloaded"));
    assertEquals("OM", answer.headers().get("x-meshlog-response-flags"));
    answer.release();
    assertEquals(1, overload.shedCount());
    assertEquals(1, reported.size());
    assertEquals(503, reported.get(0).responseCode());
    assertEquals("OM", reported.get(0).responseFlags());
    assertEquals(4, reported.get(0).requestBytes());
  }

  @Test
  void theSlotIsFreedWhenTheResponseEnds() {
    EmbeddedChannel first = connection();
    first.writeInbound(get("/a"), LastHttpContent.EMPTY_LAST_CONTENT);
    first.writeOutbound(ok());
    EmbeddedChannel second = connection();
    second.writeInbound(get("/b"), LastHttpContent.EMPTY_LAST_CONTENT);
    assertInstanceOf(HttpRequest.class, second.readInbound(), "admitted once the first response was written");
    assertEquals(0, overload.shedCount());
  }

  @Test
  void aClosedConnectionGivesItsSlotBack() {
    EmbeddedChannel first = connection();
    first.writeInbound(get("/a"), LastHttpContent.EMPTY_LAST_CONTENT);
    first.close();
    assertEquals(0, overload.active());
    EmbeddedChannel second = connection();
    second.writeInbound(get("/b"), LastHttpContent.EMPTY_LAST_CONTENT);
    assertInstanceOf(HttpRequest.class, second.readInbound());
  }

  @Test
  void aShedRequestPipelinedBehindAnAdmittedOneIsAnsweredAfterItInOrder() {
    EmbeddedChannel conn = connection();
    conn.writeInbound(get("/a"), LastHttpContent.EMPTY_LAST_CONTENT, get("/b"),
        new DefaultHttpContent(Unpooled.copiedBuffer("xy", StandardCharsets.US_ASCII)), LastHttpContent.EMPTY_LAST_CONTENT);
    assertInstanceOf(HttpRequest.class, conn.readInbound());
    assertInstanceOf(LastHttpContent.class, conn.readInbound());
    assertNull(conn.readInbound(), "the pipelined request was shed: the bound is 1");
    assertNull(conn.readOutbound(), "no answer may overtake the response still due");

    conn.writeOutbound(ok());
    FullHttpResponse first = conn.readOutbound();
    assertEquals(200, first.status().code());
    first.release();
    FullHttpResponse second = conn.readOutbound();
    assertEquals(503, second.status().code());
    assertEquals("true", second.headers().get("x-meshlog-overloaded"));
    second.release();
    assertEquals(0, overload.active());
  }

  @Test
  void anInterimResponseDoesNotEndTheRequest() {
    EmbeddedChannel conn = connection();
    conn.writeInbound(get("/a"));
    conn.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    assertEquals(1, overload.active(), "100 Continue is not the answer");
    conn.writeOutbound(ok());
    assertEquals(0, overload.active());
    assertTrue(conn.finishAndReleaseAll());
  }
}
