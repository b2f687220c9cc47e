package dev.meshlog.proxy.mtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class InboundMtlsHandlerTest {

  private static final byte[] HTTP = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLIENT_HELLO_START = {0x16, 0x03, 0x01, 0x00, 0x10};

  private final WorkloadCredentials credentials = new WorkloadCredentials("p");

  /** Stands for the plaintext protocol detector: keeps what reached it. */
  private static final class Plain extends ChannelInboundHandlerAdapter {
    ByteBuf received;

    @Override
    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
      received = (ByteBuf) msg;
    }
  }

  private EmbeddedChannel channel(MtlsMode mode, Plain plain) {
    Supplier<ChannelHandler> afterHandshake = ChannelInboundHandlerAdapter::new;
    return new EmbeddedChannel(new InboundMtlsHandler(() -> mode, credentials, () -> plain, afterHandshake));
  }

  private void withCertificate() {
    TestCa ca = TestCa.create("unit");
    TestCa.Issued issued = ca.issue("spiffe://cluster.local/ns/default/sa/reviews");
    credentials.install(issued.key(), issued.chain());
    credentials.applyTrust(ca.bundle("cluster.local"));
  }

  @Test
  void shouldHandPlaintextOnUntouchedUnderPermissive() {
    Plain plain = new Plain();
    EmbeddedChannel ch = channel(MtlsMode.PERMISSIVE, plain);
    ch.writeInbound(Unpooled.wrappedBuffer(HTTP));
    assertNotNull(plain.received);
    assertEquals("GET / HTTP/1.1\r\n", plain.received.toString(StandardCharsets.US_ASCII));
    plain.received.release();
    assertEquals(ConnectionSecurity.PLAINTEXT, ConnectionSecurity.of(ch));
    assertTrue(ch.isActive());
  }

  @Test
  void shouldCloseAPlaintextConnectionUnderStrictAndCountIt() {
    withCertificate();
    Plain plain = new Plain();
    EmbeddedChannel ch = channel(MtlsMode.STRICT, plain);
    ch.writeInbound(Unpooled.wrappedBuffer(HTTP));
    assertFalse(ch.isActive());
    assertEquals(null, plain.received, "no HTTP was read");
    assertEquals(1, credentials.stats().get(MtlsStats.Counter.PLAINTEXT_REFUSED));
  }

  @Test
  void shouldRefuseEverythingUnderStrictWithoutACertificate() {
    EmbeddedChannel ch = channel(MtlsMode.STRICT, new Plain());
    assertFalse(ch.isActive());
    assertEquals(1, credentials.stats().get(MtlsStats.Counter.NO_CERTIFICATE));
  }

  @Test
  void shouldInstallTlsWhenTheFirstBytesAreAHandshakeRecord() {
    withCertificate();
    EmbeddedChannel ch = channel(MtlsMode.PERMISSIVE, new Plain());
    ch.writeInbound(Unpooled.wrappedBuffer(CLIENT_HELLO_START));
    assertInstanceOf(SslHandler.class, ch.pipeline().get("tls"));
    assertNotNull(ch.pipeline().get("mtls-peer"));
  }

  @Test
  void shouldRefuseTlsWithoutACertificateUnderPermissive() {
    EmbeddedChannel ch = channel(MtlsMode.PERMISSIVE, new Plain());
    ch.writeInbound(Unpooled.wrappedBuffer(CLIENT_HELLO_START));
    assertFalse(ch.isActive());
    assertEquals(1, credentials.stats().get(MtlsStats.Counter.NO_CERTIFICATE));
  }

  @Test
  void shouldNotPeekUnderDisable() {
    withCertificate();
    Plain plain = new Plain();
    EmbeddedChannel ch = channel(MtlsMode.DISABLE, plain);
    ch.writeInbound(Unpooled.wrappedBuffer(CLIENT_HELLO_START));
    assertNotNull(plain.received, "TLS bytes go to the plaintext pipeline, which fails them as HTTP");
    plain.received.release();
    assertEquals(null, ch.pipeline().get("tls"));
  }
}
