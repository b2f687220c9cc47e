package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FullMessageSplitterTest {

  private final EmbeddedChannel channel = new EmbeddedChannel(FullMessageSplitter.INSTANCE);

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void shouldSplitAWholeRequestIntoItsHeadAndItsLastPartWithTrailers() {
    FullHttpRequest full = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/grpc",
        Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
    full.headers().set("content-type", "application/grpc");
    full.trailingHeaders().set("x-checksum", "42");
    channel.writeInbound(full);

    HttpRequest head = channel.readInbound();
    assertFalse(head instanceof LastHttpContent, "the head is only a head");
    assertEquals("/grpc", head.uri());
    assertEquals("application/grpc", head.headers().get("content-type"));
    LastHttpContent last = channel.readInbound();
    assertEquals("ping", last.content().toString(StandardCharsets.US_ASCII));
    assertEquals("42", last.trailingHeaders().get("x-checksum"));
    last.release();
    assertNull(channel.readInbound());
  }

  @Test
  void shouldPassStreamedPartsThroughUntouched() {
    HttpContent part = new DefaultHttpContent(Unpooled.copiedBuffer("chunk", StandardCharsets.US_ASCII));
    channel.writeInbound(part);
    HttpContent read = channel.readInbound();
    assertTrue(read == part);
    read.release();
  }
}
