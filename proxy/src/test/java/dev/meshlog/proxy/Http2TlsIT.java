package dev.meshlog.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbound listener with a certificate: TLS whose ALPN picks h2 or http/1.1, in front of a
 * real app that speaks both, over real sockets (the sidecar registers on the real broker).
 */
@ExtendWith(KafkaBroker.class)
class Http2TlsIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("h2-tls");

  private static SelfSignedCertificate certificate;

  @BeforeAll
  static void createCertificate() throws Exception {
    certificate = new SelfSignedCertificate("localhost");
  }

  @AfterAll
  static void deleteCertificate() {
    certificate.delete();
  }

  private static Sidecar tlsServerFor(H2Backend app) throws Exception {
    return feed.ready(Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("reviews"), "reviews", WireSnapshots.NS,
        Map.of("version", "v1"), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(), feed.topics())
        .withTls(certificate.certificate().toPath(), certificate.privateKey().toPath())));
  }

  @Test
  void shouldServeH2OverTlsWhenAlpnChoosesIt() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = tlsServerFor(app);
        H2TestClient h2 = H2TestClient.tls(server.inboundPort(), certificate.certificate())) {
      assertEquals("h2", h2.negotiatedProtocol());
      List<CompletableFuture<H2TestClient.Response>> responses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        responses.add(h2.send(H2TestClient.get("reviews.default.svc.cluster.local", "/tls/" + i)));
      }
      for (int i = 0; i < responses.size(); i++) {
        assertEquals("app|/tls/" + i + "|", responses.get(i).get(60, TimeUnit.SECONDS).text());
      }
      assertEquals(20, app.protocols().size());
      assertTrue(app.protocols().stream().allMatch("h2"::equals), "the app is reached over h2c: " + app.protocols());
    }
  }

  @Test
  void shouldRelayGrpcTrailersThroughTheTlsListener() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = tlsServerFor(app);
        H2TestClient h2 = H2TestClient.tls(server.inboundPort(), certificate.certificate())) {
      H2TestClient.Response ok = h2.send(H2TestClient.get("reviews", "/grpc").method("POST")
          .set("content-type", "application/grpc").set("te", "trailers"), new byte[] {0, 0, 0, 0, 0}).get(60, TimeUnit.SECONDS);
      assertEquals("0", ok.trailers().orElseThrow().get("grpc-status").toString());
      H2TestClient.Response missing = h2.send(H2TestClient.get("reviews", "/grpc-missing").method("POST")
          .set("content-type", "application/grpc"), new byte[] {0, 0, 0, 0, 0}).get(60, TimeUnit.SECONDS);
      assertEquals("5", missing.header("grpc-status"));
    }
  }

  @Test
  void shouldFallBackToHttp1WhenTheClientOffersOnlyHttp1() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = tlsServerFor(app);
        SSLSocket socket = (SSLSocket) trusting().getSocketFactory().createSocket("127.0.0.1", server.inboundPort())) {
      socket.setSoTimeout(30_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      assertEquals("http/1.1", socket.getApplicationProtocol());
      OutputStream out = socket.getOutputStream();
      out.write("GET /plain HTTP/1.1\r\nHost: reviews\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readAll(socket.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
      assertTrue(response.endsWith("\r\n\r\napp"), response);
      assertEquals(List.of("http/1.1"), List.copyOf(app.protocols()));
    }
  }

  @Test
  void shouldServeHttp1WhenTheClientOffersNoAlpnAtAll() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = tlsServerFor(app);
        SSLSocket socket = (SSLSocket) trusting().getSocketFactory().createSocket("127.0.0.1", server.inboundPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /plain HTTP/1.1\r\nHost: reviews\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertTrue(readAll(socket.getInputStream()).startsWith("HTTP/1.1 200 OK\r\n"));
      assertEquals(List.of("http/1.1"), List.copyOf(app.protocols()));
    }
  }

  private static SSLContext trusting() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("self", CertificateFactory.getInstance("X.509").generateCertificate(
        new java.io.FileInputStream(certificate.certificate())));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
