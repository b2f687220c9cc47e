package dev.meshlog.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.Test;

/** connection.sni is read from the TLS session of the connection (or of an h2 stream's connection). */
class ConnectionSniTest {

  private static final HttpRequest GET = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");

  @Test
  void shouldReadTheServerNameThePeerAskedForOnTheConnectionAndItsStreams() throws Exception {
    SelfSignedCertificate certificate = new SelfSignedCertificate("reviews.default.svc");
    try {
      SslHandler serverTls = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey()).build()
          .newHandler(ByteBufAllocator.DEFAULT);
      SslHandler clientTls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()
          .newHandler(ByteBufAllocator.DEFAULT, "reviews.default.svc", 443);
      EmbeddedChannel server = new EmbeddedChannel(serverTls);
      EmbeddedChannel client = new EmbeddedChannel(clientTls);
      for (int i = 0; i < 20 && !(serverTls.handshakeFuture().isDone() && clientTls.handshakeFuture().isDone()); i++) {
        shuttle(client, server);
        shuttle(server, client);
      }
      assertTrue(serverTls.handshakeFuture().isSuccess(), String.valueOf(serverTls.handshakeFuture().cause()));

      assertEquals("reviews.default.svc", RequestAttributes.of(GET, server, true, -1).sni());
      assertNull(RequestAttributes.of(GET, server, false, -1).sni(), "not looked up unless a policy reads it");
      EmbeddedChannel stream = new EmbeddedChannel(server, DefaultChannelId.newInstance(), true, false);
      assertEquals("reviews.default.svc", RequestAttributes.of(GET, stream, true, -1).sni());
      assertNull(RequestAttributes.of(GET, new EmbeddedChannel(), true, -1).sni(), "plaintext has none");
      client.finishAndReleaseAll();
      server.finishAndReleaseAll();
    } finally {
      certificate.delete();
    }
  }

  private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
    from.runPendingTasks();
    ByteBuf bytes;
    while ((bytes = from.readOutbound()) != null) {
      to.writeInbound(bytes);
    }
    to.runPendingTasks();
  }
}
