package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolDetectorTest {

  private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

  private final List<String> installed = new ArrayList<>();
  private final StringBuilder passedOn = new StringBuilder();
  private final EmbeddedChannel channel = new EmbeddedChannel(new ProtocolDetector(new HttpPipelines() {
    @Override
    public void http1(Channel connection) {
      install("http1", connection);
    }

    @Override
    public void http2(Channel connection) {
      install("http2", connection);
    }
  }));

  private void install(String protocol, Channel connection) {
    installed.add(protocol);
    connection.pipeline().addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        passedOn.append(bytes.toString(StandardCharsets.US_ASCII));
        bytes.release();
      }
    });
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private void receive(String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
  }

  @Test
  void shouldInstallHttp2ForTheConnectionPrefaceAndPassEveryByteOn() {
    receive(PREFACE + "\0\0\0\4\0\0\0\0\0");
    assertEquals(List.of("http2"), installed);
    assertEquals(PREFACE + "\0\0\0\4\0\0\0\0\0", passedOn.toString());
    assertNull(channel.pipeline().get(ProtocolDetector.class), "the detector leaves once it decided");
  }

  @Test
  void shouldWaitForMoreBytesWhileTheyStillMatchThePreface() {
    receive("PRI * HTTP/2");
    assertEquals(List.of(), installed);
    receive(".0\r\n\r\nSM\r\n\r\n");
    assertEquals(List.of("http2"), installed);
    assertEquals(PREFACE, passedOn.toString());
  }

  @Test
  void shouldInstallHttp1AtTheFirstByteThatDiffersFromThePreface() {
    receive("P");
    assertEquals(List.of(), installed, "a lone P could still be the preface");
    receive("OST /upload HTTP/1.1\r\nHost: reviews\r\n\r\n");
    assertEquals(List.of("http1"), installed);
    assertEquals("POST /upload HTTP/1.1\r\nHost: reviews\r\n\r\n", passedOn.toString());
    assertNull(channel.pipeline().get(ProtocolDetector.class));
  }

  @Test
  void shouldServeAnUpgradeToH2cRequestOverHttp1() {
    String upgrade = "GET / HTTP/1.1\r\nHost: reviews\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n";
    receive(upgrade);
    assertEquals(List.of("http1"), installed);
    assertEquals(upgrade, passedOn.toString());
  }

  @Test
  void shouldTellTheVerdictFromAPrefixOfThePreface() {
    assertEquals(ProtocolDetector.Verdict.UNDECIDED, ProtocolDetector.verdict(ascii("PRI * ")));
    assertEquals(ProtocolDetector.Verdict.HTTP1, ProtocolDetector.verdict(ascii("PRI / HTTP/1.1")));
    assertEquals(ProtocolDetector.Verdict.HTTP2, ProtocolDetector.verdict(ascii(PREFACE)));
  }

  private static ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }
}
